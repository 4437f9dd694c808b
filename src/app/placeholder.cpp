// Composition root: filled in by the server wiring.

// What the test clients need to know of the menu, with no test-runner
// imports, so the stress and crash scripts share it.

/**
 * A dish a waiter can order with no choices: available, and no required
 * modifier group (the demo's Ribeye Steak needs its cooking chosen).
 */
export const orderableAsIs = (m) => m.available && !(m.modifierGroups ?? []).some((g) => g.required);

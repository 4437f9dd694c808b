#pragma once

#include <string>
#include <string_view>

namespace brigade::realtime {

/// Markers around the generated part of docs/events.md; the text between
/// them must equal render_events_markdown() (a unit test checks it).
inline constexpr std::string_view kEventsDocBegin =
    "<!-- BEGIN GENERATED: realtime event routes -->";
inline constexpr std::string_view kEventsDocEnd = "<!-- END GENERATED: realtime event routes -->";

/// The routing table as a Markdown table, one row per outgoing event:
/// event name, trigger domain event, rooms, payload keys, delivery. The
/// keys come from running each payload builder on a sample event, so they
/// are what clients receive, not a second list to keep in step.
/// Pure; thread-safe. Ends with a newline.
std::string render_events_markdown();

/// `document` with the text between the markers replaced by `generated`;
/// `document` unchanged when a marker is missing. Pure.
std::string replace_generated_section(std::string_view document, std::string_view generated);

/// The text between the markers (without them), or empty when a marker is
/// missing. Pure.
std::string_view generated_section(std::string_view document);

}  // namespace brigade::realtime

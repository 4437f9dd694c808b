// One line of the order being composed: the dish's modifier groups (radio
// buttons for one pick, check boxes otherwise, with their price deltas), the
// seat, the course, a note, and the line's price.

import type { MenuItem, ModifierGroup } from "@brigade/client";

import { money } from "../components";
import { courseLabel, courses, modifierText } from "../menu-details";
import { choiceRule, chosenIn, groupUnmet, isSingleChoice, linePrice, minimumOf, toggleOption, type DraftLine } from "./draft-lines";

export function LineEditor({
  line,
  item,
  label,
  seats,
  showProblems,
  several,
  onChange,
  onRemove,
}: {
  line: DraftLine;
  item: MenuItem;
  /** "Classic Burger", or "Classic Burger #2" for the dish's second line. */
  label: string;
  /** The table's seats: the seat picker offers 1..seats (1..8 when the table does not say). */
  seats: number;
  /** After a refused send: unmet groups say so. */
  showProblems: boolean;
  /** The dish has other lines: this one gets its own quantity buttons. */
  several: boolean;
  onChange: (line: DraftLine) => void;
  onRemove: () => void;
}) {
  return (
    <div className={`draft-line${item.available ? "" : " sold-out"}`} role="group" aria-label={`${label} choices`} data-testid={`line-${line.key}`}>
      {several && (
        <div className="stepper" role="group" aria-label={`Quantity, ${label}`}>
          <button type="button" aria-label={`One less, ${label}`} onClick={() => (line.quantity > 1 ? onChange({ ...line, quantity: line.quantity - 1 }) : onRemove())}>
            −
          </button>
          <output>{line.quantity}</output>
          <button type="button" aria-label={`One more, ${label}`} disabled={!item.available || line.quantity >= 99} onClick={() => onChange({ ...line, quantity: line.quantity + 1 })}>
            +
          </button>
        </div>
      )}
      {item.modifierGroups.map((group) => (
        <GroupChoices key={group.modifierGroupId} group={group} line={line} showProblem={showProblems && groupUnmet(group, line)} onChange={onChange} />
      ))}
      <div className="line-settings">
        <label>
          Seat
          <select aria-label={`Seat for ${label}`} value={line.seat ?? ""} onChange={(e) => onChange({ ...line, seat: e.target.value === "" ? null : Number(e.target.value) })}>
            <option value="">Table (shared)</option>
            {Array.from({ length: seats > 0 ? seats : 8 }, (_, i) => i + 1).map((seat) => (
              <option key={seat} value={seat}>
                Seat {seat}
              </option>
            ))}
          </select>
        </label>
        <label>
          Course
          <select aria-label={`Course for ${label}`} value={line.course} onChange={(e) => onChange({ ...line, course: Number(e.target.value) })}>
            {courses.map((course) => (
              <option key={course} value={course}>
                {courseLabel(course)}
              </option>
            ))}
          </select>
        </label>
        <span className="line-price" aria-label={`Price of ${label}`}>
          {money(linePrice(line, item))}
        </span>
      </div>
      <input
        className="line-note"
        aria-label={`Note for ${label}`}
        placeholder="Note (e.g. no onions)"
        maxLength={200}
        value={line.notes}
        onChange={(e) => onChange({ ...line, notes: e.target.value })}
      />
    </div>
  );
}

function GroupChoices({ group, line, showProblem, onChange }: { group: ModifierGroup; line: DraftLine; showProblem: boolean; onChange: (line: DraftLine) => void }) {
  const chosen = chosenIn(group, line);
  const single = isSingleChoice(group);
  const full = chosen.length >= group.maxChoices;
  const hintId = `rule-${line.key}-${group.modifierGroupId}`;
  return (
    <fieldset className={`modifier-group${showProblem ? " unmet" : ""}`} aria-describedby={hintId} aria-invalid={showProblem || undefined}>
      <legend>
        {group.name}
        {minimumOf(group) > 0 && <span className="required-mark"> (required)</span>}
      </legend>
      <span id={hintId} className={showProblem ? "field-error" : "muted small"}>
        {showProblem ? `Please ${choiceRule(group)}` : choiceRule(group)}
      </span>
      <div className="options">
        {single && minimumOf(group) === 0 && (
          <label className="option">
            <input type="radio" name={`group-${line.key}-${group.modifierGroupId}`} checked={chosen.length === 0} onChange={() => onChange(toggleOption(line, group, 0, false))} />
            none
          </label>
        )}
        {group.options.map((option) => {
          const on = chosen.includes(option.optionId);
          return (
            <label key={option.optionId} className="option">
              <input
                type={single ? "radio" : "checkbox"}
                name={`group-${line.key}-${group.modifierGroupId}`}
                checked={on}
                disabled={!single && !on && full}
                onChange={(e) => onChange(toggleOption(line, group, option.optionId, e.target.checked))}
              />
              {modifierText(option)}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

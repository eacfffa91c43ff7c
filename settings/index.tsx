// The phone's settings page: first the history the companion summarizes into the "history" key (what
// people open the page for), then the routine (bound to settingsStorage, one key per routine field),
// sync state and data export.
// Texts come from settings/page-text.ts and common/ so they are unit-tested; this file only renders.
import { ROUTINE_LABELS, Routine, routineField } from "../common/routine";
import { CHOICE_OPTIONS } from "../common/settings-routine";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { sessionDetail, sessionTitle } from "../common/history-summary";
import {
  SETUP_KEYS,
  STEADINESS_SCALE,
  TIMING_KEYS,
  bounceLine,
  parseSummary,
  sliderLabel,
  syncLines,
  weekLines,
} from "./page-text";

function RoutineField(props: { fieldKey: keyof Routine; settings: SettingsComponentProps["settings"] }) {
  const key = props.fieldKey;
  const spec = routineField(key);
  if (spec.kind === "integer") {
    return (
      <Slider label={sliderLabel(key, props.settings[key])} settingsKey={key} min={spec.min} max={spec.max} step={1} />
    );
  }
  return <Select label={ROUTINE_LABELS[key].label} settingsKey={key} options={CHOICE_OPTIONS[key]} />;
}

function StretchSettings(props: SettingsComponentProps) {
  const summary = parseSummary(props.settings[SETTINGS_KEYS.history]);
  const tzOffset = new Date().getTimezoneOffset();
  const exportText = props.settings[SETTINGS_KEYS.exportText];
  return (
    <Page>
      <Section
        title={
          <Text bold align="center">
            Steady Hold — recent sessions
          </Text>
        }
        description={<Text>{STEADINESS_SCALE}</Text>}
      >
        {summary === null || summary.recent.length === 0 ? (
          <Text>No sessions yet. Start one from the watch.</Text>
        ) : (
          summary.recent.map((line) => [
            <TextImageRow label={sessionTitle(line)} sublabel={sessionDetail(line)} />,
            <Text bold={line.bounceTotal > 0}>{bounceLine(line)}</Text>,
          ])
        )}
      </Section>
      {summary === null ? null : (
        <Section title={<Text bold>This week</Text>}>
          {weekLines(summary.week, Date.now(), tzOffset).map((line) => (
            <Text>{line}</Text>
          ))}
          <Text>{summary.balance}</Text>
          <Text italic>{summary.progression}</Text>
        </Section>
      )}
      <Section
        title={<Text bold>Routine</Text>}
        description={
          <Text>
            Lie on your back with the leg vertical and the aid (towel, band or hands) behind the thigh, or sit tall for
            the seated stretch. Hold still — no bouncing. Changes reach the watch on its next sync.
          </Text>
        }
      >
        {SETUP_KEYS.map((key) => (
          <RoutineField fieldKey={key} settings={props.settings} />
        ))}
      </Section>
      <Section title={<Text bold>Timing, cues and goal</Text>}>
        {TIMING_KEYS.map((key) => (
          <RoutineField fieldKey={key} settings={props.settings} />
        ))}
      </Section>
      <Section title={<Text bold>Sync</Text>}>
        {summary === null ? (
          <Text>Waiting for the companion.</Text>
        ) : (
          syncLines(summary.sync, (atMs) => new Date(atMs).getTimezoneOffset()).map((line) => <Text>{line}</Text>)
        )}
      </Section>
      <Section
        title={<Text bold>Your data</Text>}
        description={
          <Text>
            Export the newest stored sessions that fit one text field (the note says how many are left out). Tap the
            text field, select all and copy.
          </Text>
        }
      >
        <Button
          label="Export as CSV"
          onClick={() => props.settingsStorage.setItem(SETTINGS_KEYS.exportRequest, "csv:" + Date.now())}
        />
        <Button
          label="Export as JSON"
          onClick={() => props.settingsStorage.setItem(SETTINGS_KEYS.exportRequest, "json:" + Date.now())}
        />
        {exportText ? <Text>{props.settings[SETTINGS_KEYS.exportNote] || ""}</Text> : null}
        {exportText ? <TextInput label="Export" settingsKey={SETTINGS_KEYS.exportText} useSimpleValue /> : null}
        {exportText ? (
          <Button
            label="Clear export"
            onClick={() => {
              props.settingsStorage.removeItem(SETTINGS_KEYS.exportText);
              props.settingsStorage.removeItem(SETTINGS_KEYS.exportNote);
            }}
          />
        ) : null}
      </Section>
    </Page>
  );
}

registerSettingsPage(StretchSettings);

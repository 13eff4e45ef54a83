// The rule lives in core, so that the Node client's own prompts (the device sign-in's) apply it too.
export { hasTerminalControls, neutralizeTerminalText, terminalSafeJson } from '../../core/terminalText';

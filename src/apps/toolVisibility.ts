import type { Tool } from '../core/types';

type Audience = 'model' | 'app';

/**
 * Who may use a tool, from its `_meta.ui.visibility` (SEP-1865 "Visibility"): the model, the app, or both (the
 * default when the key is absent). One rule for the whole package: `useMcp` hides app-only tools with it and the
 * app bridge refuses calls with it. Its own few lines rather than ext-apps' helpers, so `useMcp` loads no ext-apps.
 */
export function toolVisibility(tool: Pick<Tool, '_meta'>): readonly Audience[] {
  const ui = tool._meta?.ui as { visibility?: unknown } | undefined;
  const visibility = ui?.visibility;
  if (!Array.isArray(visibility)) return ['model', 'app'];
  return visibility.filter((entry): entry is Audience => entry === 'model' || entry === 'app');
}

/** "Host MUST NOT include tools in the agent's tool list when their visibility does not include model". */
export const isModelVisible = (tool: Pick<Tool, '_meta'>): boolean => toolVisibility(tool).includes('model');

/** "Host MUST reject tools/call requests from apps for tools that don't include app in visibility". */
export const isAppCallable = (tool: Pick<Tool, '_meta'>): boolean => toolVisibility(tool).includes('app');

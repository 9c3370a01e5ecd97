/** Marks for a bulk sync: Space on an app, V on its whole app set, u clears them. */
import { appSetMembers, clearMarks, toggleMark, toggleMarks } from '../../state/selection.js';
import { setMessage } from '../../state/ui-actions.js';
import type { CommandHandler } from './context.js';
import { selectedAppId } from './targets.js';

/** Space: marks or unmarks the app under the cursor. */
export const markApp: CommandHandler = (ctx) => {
  const id = selectedAppId(ctx.store.getState());
  if (id === undefined) return;
  ctx.store.setState((s) => toggleMark(s, id));
};

/** V: marks every app of the cursor app's app set, or unmarks them when all are marked. */
export const markAppSet: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  const app = id === undefined ? undefined : state.apps[id];
  if (!app) return;
  if (app.appSet === undefined)
    return ctx.store.setState((s) =>
      setMessage(s, {
        text: `${app.name} is not part of an app set: Space marks it alone.`,
        severity: 'info',
      }),
    );
  const members = appSetMembers(state, app.appSet).map((a) => a.id);
  const result = toggleMarks(state, members);
  const words = result.marked ? 'marked' : 'unmarked';
  ctx.store.setState(() =>
    setMessage(result.state, {
      text: `${words} ${members.length} apps of app set ${app.appSet}`,
      severity: 'info',
    }),
  );
};

/** u: clears every mark. */
export const unmarkAll: CommandHandler = (ctx) =>
  ctx.store.setState((s) => setMessage(clearMarks(s), { text: 'marks cleared', severity: 'info' }));

/**
 * A cell's controls: its kind, and its actions (Run, Move up, Move down, and "…" for the
 * rest). The actions show while the pointer is over the cell or anything in it has the
 * focus (styles.css), so a notebook at rest shows code, not buttons. Every control's
 * tooltip names its shortcut, from the one table command mode reads (COMMAND_KEYS).
 */
import { For, type JSX } from 'solid-js';
import { CELL_KINDS, cellKindLabel } from '../../workers/cell-kinds';
import type { CellKind } from '../../workers/protocol';
import { MenuButton, type MenuItem } from '../components/MenuButton';
import { Tooltip } from '../components/Tooltip';
import { keysFor, withKeys, type CommandAction } from './command-keys';

/** The kind switcher; at rest it reads as a quiet label ("Python"), a select while the cell is in use (styles.css). */
export function KindSwitcher(props: { subject: string; kind: CellKind; onKind: (kind: CellKind) => void }): JSX.Element {
  const tip = (): string => `Change the kind: ${CELL_KINDS.map((kind) => withKeys(cellKindLabel(kind), { kind: 'set-kind', cellKind: kind })).join(', ')}`;
  return (
    <Tooltip text={tip()}>
      {(describedBy) => (
        <select class="cell-kind" aria-label={`Kind of ${props.subject}`} aria-describedby={describedBy} value={props.kind} onChange={(e) => props.onKind(e.currentTarget.value as CellKind)}>
          <For each={CELL_KINDS}>{(kind) => <option value={kind}>{cellKindLabel(kind)}</option>}</For>
        </select>
      )}
    </Tooltip>
  );
}

export interface CellActionsProps {
  /** The cell's output can be collapsed (it has one, and is not Markdown). */
  readonly hasOutput: boolean;
  readonly collapsed: boolean;
  /** Performed as command mode performs its keys (NotebookView), so both move the focus alike. */
  readonly onCommand: (command: CommandAction) => void;
}

function ActionButton(props: { name: string; command: CommandAction; onCommand: (command: CommandAction) => void; children: JSX.Element }): JSX.Element {
  return (
    <Tooltip text={withKeys(props.name, props.command)}>
      {(describedBy) => (
        <button type="button" aria-label={props.name} aria-describedby={describedBy} onClick={() => props.onCommand(props.command)}>
          {props.children}
        </button>
      )}
    </Tooltip>
  );
}

/** The "…" menu's items: adding cells of each kind, collapsing the output, deleting. */
function moreItems(props: CellActionsProps): MenuItem[] {
  const item = (name: string, command: CommandAction, group = false): MenuItem => ({ name, keys: keysFor(command), group, run: () => props.onCommand(command) });
  const adds = (['above', 'below'] as const).flatMap((where) =>
    CELL_KINDS.map((kind, i) =>
      // A and B add Python cells: their command has no kind, and so names their key.
      item(`Add ${cellKindLabel(kind)} cell ${where}`, kind === 'python' ? { kind: 'add', where } : { kind: 'add', where, cellKind: kind }, where === 'below' && i === 0),
    ),
  );
  const toggle = props.hasOutput ? [item(props.collapsed ? 'Expand output' : 'Collapse output', { kind: 'toggle-output' }, true)] : [];
  return [...adds, ...toggle, item('Delete cell', { kind: 'delete' }, true)];
}

export function CellActions(props: CellActionsProps): JSX.Element {
  return (
    <div class="cell-actions">
      <ActionButton name="Run cell" command={{ kind: 'run', then: 'stay' }} onCommand={props.onCommand}>
        ▶
      </ActionButton>
      <ActionButton name="Move cell up" command={{ kind: 'move', delta: -1 }} onCommand={props.onCommand}>
        ↑
      </ActionButton>
      <ActionButton name="Move cell down" command={{ kind: 'move', delta: 1 }} onCommand={props.onCommand}>
        ↓
      </ActionButton>
      <Tooltip text="More actions: add a cell, collapse the output, delete">
        {(describedBy) => <MenuButton menuName="Cell actions" button="…" buttonName="More actions" describedBy={describedBy} items={moreItems(props)} />}
      </Tooltip>
    </div>
  );
}

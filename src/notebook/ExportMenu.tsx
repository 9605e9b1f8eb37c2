/** "Export" as one menu button: the formats are its items. */
import type { JSX } from 'solid-js';
import { MenuButton, type MenuItem } from '../components/MenuButton';

export type ExportItem = MenuItem;

export function ExportMenu(props: { items: readonly ExportItem[] }): JSX.Element {
  return <MenuButton menuName="Export" button="Export" items={props.items} />;
}

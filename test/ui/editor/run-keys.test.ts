import { describe, expect, it } from 'vitest';
import { isBareModifier, runKeyMode } from '../../../src/components/editor/run-keys';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'isComposing', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  isComposing: false,
  ...mods,
});

describe('runKeyMode', () => {
  it('matches the run keys exactly as the CodeMirror keymap did (Shift-Enter, Ctrl-Enter, Mod-Enter)', () => {
    expect(runKeyMode(key('Enter', { shiftKey: true }), false)).toBe('advance');
    expect(runKeyMode(key('Enter', { ctrlKey: true }), false)).toBe('stay');
    expect(runKeyMode(key('Enter', { ctrlKey: true }), true)).toBe('stay');
    expect(runKeyMode(key('Enter', { metaKey: true }), true)).toBe('stay');
    // Mod is Ctrl off macOS: Meta+Enter was never bound there.
    expect(runKeyMode(key('Enter', { metaKey: true }), false)).toBeUndefined();
  });

  it('leaves other Enter chords and other keys to the editor', () => {
    for (const mods of [{}, { altKey: true }, { ctrlKey: true, shiftKey: true }, { ctrlKey: true, metaKey: true }, { shiftKey: true, altKey: true }, { ctrlKey: true, isComposing: true }]) {
      expect(runKeyMode(key('Enter', mods), true)).toBeUndefined();
    }
    expect(runKeyMode(key('a', { ctrlKey: true }), false)).toBeUndefined();
  });
});

describe('isBareModifier', () => {
  it('is Control, Meta or Shift alone, never Alt (the rectangular-selection cursor) or a real key', () => {
    expect(['Control', 'Meta', 'Shift'].map((k) => isBareModifier({ key: k }))).toEqual([true, true, true]);
    expect(['Alt', 'Enter', 'a'].map((k) => isBareModifier({ key: k }))).toEqual([false, false, false]);
  });
});

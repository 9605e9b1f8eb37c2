import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphView } from '../../workers/graph/view';
import type { CellNode } from '../../workers/graph/types';
import { c } from './helpers';

interface Case {
  readonly name: string;
  readonly cells: readonly CellNode[];
  readonly probe: (view: GraphView) => unknown;
  readonly expected: unknown;
}

const chain = [c('a', ['x']), c('b', ['y'], ['x']), c('c', [], ['y'])];
// Listed sink-first so only a real topological sort gets the order right.
const diamond = [c('d', [], ['l', 'r']), c('a', ['x']), c('r', ['r'], ['x']), c('l', ['l'], ['x'])];

const cases: readonly Case[] = [
  {
    name: 'simple chain runs top to bottom',
    cells: chain,
    probe: (v) => v.planFrom(['a']),
    expected: ['a', 'b', 'c'],
  },
  {
    name: 'chain parents and children',
    cells: chain,
    probe: (v) => ({ parents: v.parents('b'), children: v.children('b') }),
    expected: { parents: ['a'], children: ['c'] },
  },
  {
    name: 'diamond: every cell once, topological, ties by notebook order',
    cells: diamond,
    probe: (v) => v.planFrom(['a']),
    expected: ['a', 'r', 'l', 'd'],
  },
  {
    name: 'diamond descendants exclude the start cell',
    cells: diamond,
    probe: (v) => v.descendants('a'),
    expected: ['r', 'l', 'd'],
  },
  {
    name: 'diamond sink has both parents in notebook order',
    cells: diamond,
    probe: (v) => v.parents('d'),
    expected: ['r', 'l'],
  },
  {
    name: 'independent cells follow notebook order, not request order',
    cells: [c('z'), c('y'), c('w')],
    probe: (v) => v.planFrom(['w', 'y', 'z']),
    expected: ['z', 'y', 'w'],
  },
  {
    name: 'a reader above its definer still runs after it; ready cells by notebook order',
    cells: [c('b', [], ['x']), c('k'), c('a', ['x'])],
    probe: (v) => v.planFrom(v.order),
    expected: ['k', 'a', 'b'],
  },
  {
    name: 'plan of overlapping requests lists each cell once',
    cells: chain,
    probe: (v) => v.planFrom(['c', 'a', 'b', 'a']),
    expected: ['a', 'b', 'c'],
  },
  {
    name: 'reference to an undefined name creates no edge and no error',
    cells: [c('a', ['x']), c('b', [], ['missing'])],
    probe: (v) => ({ parents: v.parents('b'), children: v.children('a'), errors: v.errorsOf('b') }),
    expected: { parents: [], children: [], errors: [] },
  },
  {
    name: 'multiple definitions: error on both, each naming the other with its index',
    cells: [c('a', ['x']), c('k'), c('b', ['x'])],
    probe: (v) => ({ a: v.errorsOf('a'), b: v.errorsOf('b'), k: v.errorsOf('k') }),
    expected: {
      a: [{ kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'b', index: 2 }] }],
      b: [{ kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'a', index: 0 }] }],
      k: [],
    },
  },
  {
    name: 'three definers: the middle one lists the other two in notebook order',
    cells: [c('a', ['x']), c('b', ['x']), c('c', ['x'])],
    probe: (v) => ({ errors: v.errorsOf('b'), definers: v.definersOf('x') }),
    expected: {
      errors: [{ kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'a', index: 0 }, { id: 'c', index: 2 }] }],
      definers: ['a', 'b', 'c'],
    },
  },
  {
    name: 'a reader of a multiply defined name depends on every definer',
    cells: [c('a', ['x']), c('b', ['x']), c('r', [], ['x'])],
    probe: (v) => v.parents('r'),
    expected: ['a', 'b'],
  },
  {
    name: 'a name listed twice by one cell is not a multiple definition',
    cells: [c('a', ['x', 'x'])],
    probe: (v) => ({ errors: v.errorsOf('a'), definers: v.definersOf('x') }),
    expected: { errors: [], definers: ['a'] },
  },
  {
    name: 'cycle of 2: both cells carry the cycle error',
    cells: [c('a', ['x'], ['y']), c('b', ['y'], ['x'])],
    probe: (v) => [v.errorsOf('a'), v.errorsOf('b')],
    expected: [[{ kind: 'cycle', cycle: ['a', 'b'] }], [{ kind: 'cycle', cycle: ['a', 'b'] }]],
  },
  {
    name: 'cycle of 3: every member errors, cycle listed in notebook order; bystander clean',
    cells: [c('c', ['z'], ['y']), c('s', [], []), c('a', ['x'], ['z']), c('b', ['y'], ['x'])],
    probe: (v) => v.order.map((id) => v.errorsOf(id)),
    expected: [
      [{ kind: 'cycle', cycle: ['c', 'a', 'b'] }],
      [],
      [{ kind: 'cycle', cycle: ['c', 'a', 'b'] }],
      [{ kind: 'cycle', cycle: ['c', 'a', 'b'] }],
    ],
  },
  {
    name: 'self-reference (x = x + 1) is not a cycle and not an edge',
    cells: [c('a', ['x'], ['x']), c('b', [], ['x'])],
    probe: (v) => ({ errors: v.errorsOf('a'), parents: v.parents('a'), plan: v.planFrom(['a']) }),
    expected: { errors: [], parents: [], plan: ['a', 'b'] },
  },
  {
    name: 'cycle members come after their acyclic predecessor, in notebook order, before their descendants',
    cells: [c('b', ['y'], ['x']), c('d', [], ['y']), c('r', ['r0']), c('a', ['x'], ['y', 'r0'])],
    probe: (v) => v.planFrom(['r']),
    expected: ['r', 'b', 'a', 'd'],
  },
  {
    name: 'a cell with a multiple definition inside a cycle reports both, definitions first',
    cells: [c('a', ['x', 'w'], ['y']), c('b', ['y'], ['x']), c('c', ['w'])],
    probe: (v) => v.errorsOf('a'),
    expected: [
      { kind: 'multiple-definitions', name: 'w', otherCells: [{ id: 'c', index: 2 }] },
      { kind: 'cycle', cycle: ['a', 'b'] },
    ],
  },
  {
    name: 'SQL cell: reads {user_id}, defines its result; Python reads the result',
    cells: [c('py', ['user_id']), c('sql', ['users_result'], ['user_id']), c('use', ['n'], ['users_result'])],
    probe: (v) => ({ plan: v.planFrom(['py']), sqlParents: v.parents('sql'), useParents: v.parents('use') }),
    expected: { plan: ['py', 'sql', 'use'], sqlParents: ['py'], useParents: ['sql'] },
  },
  {
    name: 'unknown ids: index -1, empty plan, no relations',
    cells: chain,
    probe: (v) => ({ index: v.index('nope'), plan: v.planFrom(['nope']), parents: v.parents('nope'), errors: v.errorsOf('nope') }),
    expected: { index: -1, plan: [], parents: [], errors: [] },
  },
  {
    name: 'repeated id keeps its first position',
    cells: [c('a', ['x']), c('b', [], ['x']), c('a', ['y'])],
    probe: (v) => ({ order: v.order, definersOfY: v.definersOf('y'), index: v.index('b') }),
    expected: { order: ['a', 'b'], definersOfY: [], index: 1 },
  },
];

describe('buildGraph', () => {
  it.each(cases)('$name', ({ cells, probe, expected }) => {
    expect(probe(buildGraph(cells))).toEqual(expected);
  });
});

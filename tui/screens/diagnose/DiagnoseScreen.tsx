/**
 * Diagnose: paste or type an error (a code, a message, a log excerpt) and see the ranked
 * matches from the knowledge base with cause and fix. Runs in the console (src/diagnosis
 * is pure), so it answers even for text copied from another host.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { diagnose, type DiagnosisDocument } from '../../../src/diagnosis/index.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import { fitText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';

const MAX_LIST = 5;

export function DiagnoseScreen({ width, height }: ScreenProps) {
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(true);
  const [result, setResult] = useState<DiagnosisDocument | undefined>(undefined);
  const [selected, setSelected] = useState(0);
  const matches = result?.matches ?? [];
  const match = matches[selected];

  const run = (): void => {
    if (!text.trim()) return;
    setResult(diagnose(text, { maxMatches: 10 }));
    setSelected(0);
    setEditing(false);
  };

  useScreenKeys({
    title: 'Diagnose',
    onText: editing ? (t) => setText((v) => v + t.replace(/\r/g, '\n')) : undefined,
    actions: editing
      ? [
          { keys: ['enter'], label: 'diagnose', help: 'look the text up in the knowledge base', priority: 0, run },
          { keys: ['backspace'], label: 'delete', help: 'delete the last character', priority: 2, run: () => setText((v) => v.slice(0, -1)) },
          { keys: ['escape'], label: 'stop typing', help: 'leave the text field (then q, ?, numbers work again)', priority: 1, run: () => setEditing(false) },
        ]
      : [
          { keys: ['up', 'k'], label: 'up', help: 'previous match', priority: 3, run: () => setSelected((s) => Math.max(0, s - 1)) },
          { keys: ['down', 'j'], label: 'down', help: 'next match', priority: 3, run: () => setSelected((s) => Math.min(matches.length - 1, s + 1)) },
          { keys: ['e', 'i'], label: 'edit text', help: 'type or paste more text', priority: 1, run: () => setEditing(true) },
          { keys: ['c'], label: 'clear', help: 'clear the text and the matches', priority: 2, run: () => { setText(''); setResult(undefined); setEditing(true); } },
        ],
  });

  const shownText = text.replace(/\s+/g, ' ').trim();
  const listLines = Math.min(MAX_LIST, matches.length);
  const detailLines = Math.max(2, height - 5 - listLines);
  return (
    <Box flexDirection="column">
      <Text bold>Paste or type an error message, code or log excerpt; enter looks it up.</Text>
      <Text>{fitText(`> ${shownText.length > width - 4 ? `…${shownText.slice(-(width - 5))}` : shownText}${editing ? '▏' : ''}`, width)}</Text>
      {result && matches.length === 0 ? (
        <WrappedLines text={`✗ no match. ${result.unmatched?.message ?? ''} ${result.unmatched?.suggestions.join(' ') ?? ''}`} width={width} maxLines={detailLines} color={toneColour('warn')} />
      ) : null}
      {matches.slice(0, MAX_LIST).map((m, i) => (
        <Text key={m.code} inverse={i === selected}>{fitText(`${i === selected ? '›' : ' '} ${i + 1}. ${m.code} — ${m.title} (${Math.round(m.confidence * 100)}%)`, width)}</Text>
      ))}
      {match ? (
        <Box flexDirection="column">
          <WrappedLines prefix="Cause: " text={match.cause} width={width} maxLines={Math.max(1, Math.floor(detailLines / 2))} />
          <WrappedLines prefix="Fix:   " text={match.fix.map((f, i) => `${i + 1}. ${f}`).join('\n')} width={width} maxLines={Math.max(1, detailLines - Math.floor(detailLines / 2))} />
        </Box>
      ) : null}
    </Box>
  );
}

/**
 * Filtering the palette as the operator types: every word typed must occur in the
 * action's title (any case); titles where the words start words rank first, then the
 * table order. Pure.
 */
import type { PaletteCommand } from './palette-commands.js';

function rank(title: string, words: readonly string[]): number | undefined {
  const lower = title.toLowerCase();
  let score = 0;
  for (const word of words) {
    const at = lower.indexOf(word);
    if (at < 0) return undefined;
    // A word that starts a word of the title ("sy" in "sync now") beats one inside it.
    if (at !== 0 && /[\w]/.test(lower[at - 1] ?? '')) score += 1;
  }
  return score;
}

export function filterCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  return commands
    .map((command, index) => ({ command, index, score: rank(command.title, words) }))
    .filter((c): c is { command: PaletteCommand; index: number; score: number } => c.score !== undefined)
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((c) => c.command);
}

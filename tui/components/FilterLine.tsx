/** The `/` filter prompt under a list, shown while filtering or when a filter is active. */
import { Text } from 'ink';

export function FilterLine({ query, filtering, count }: { query: string; filtering: boolean; count: number }) {
  if (!filtering && !query) return null;
  return <Text>{`/${query}${filtering ? '▏' : ''}  (${count} match${count === 1 ? '' : 'es'})`}</Text>;
}

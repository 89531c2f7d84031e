/** The element id of the input for an API field path ("rubric[0].weight" → "field-rubric-0-weight"). */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** "rubric[1].weight" → "Rubric criterion 2, weight". */
export function describePath(path: string): string {
  const parts = path.split('.').map((part) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    const word = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    if (m) return `${word(m[1]!)} ${Number(m[2]) + 1}`;
    return word(part);
  });
  const text = parts.join(', ') || 'request';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

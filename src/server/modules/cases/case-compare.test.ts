import { describe, expect, it } from 'vitest';
import type { FormField } from '../forms/forms-fields.js';
import { compareVersions, type ComparableVersion } from './case-compare.js';

const fields: FormField[] = [
  { key: 'site', label: { sv: 'Lokal' }, type: 'text', required: true },
  { key: 'sides', label: { sv: 'Sidor' }, type: 'multiple_choice', required: false, options: [] },
];

const version = (n: number, values: ComparableVersion['values'], media: ComparableVersion['media'], f = fields): ComparableVersion => ({
  version: n,
  fields: f,
  values,
  media,
});

describe('compareVersions', () => {
  it('finds nothing between equal versions', () => {
    const v = version(1, { site: 'Arm', sides: ['left'] }, [{ mediaId: 'a', caption: 'x' }]);
    expect(compareVersions(v, { ...v, version: 2 })).toEqual({
      from: 1,
      to: 2,
      fields: [],
      mediaAdded: [],
      mediaRemoved: [],
      captionsChanged: [],
      orderChanged: false,
    });
  });

  it('names changed, added and cleared fields with their labels, lists included', () => {
    const diff = compareVersions(version(1, { site: 'Arm', sides: ['left'] }, []), version(2, { sides: ['left', 'right'] }, []));
    expect(diff.fields).toEqual([
      { key: 'site', label: { sv: 'Lokal' }, before: 'Arm', after: null },
      { key: 'sides', label: { sv: 'Sidor' }, before: ['left'], after: ['left', 'right'] },
    ]);
  });

  it('reports media added, removed, recaptioned and reordered', () => {
    const diff = compareVersions(
      version(1, {}, [
        { mediaId: 'a', caption: 'före' },
        { mediaId: 'b', caption: null },
        { mediaId: 'c', caption: null },
      ]),
      version(3, {}, [
        { mediaId: 'c', caption: 'ny' },
        { mediaId: 'd', caption: null },
        { mediaId: 'a', caption: 'före' },
      ]),
    );
    expect(diff).toMatchObject({
      mediaAdded: ['d'],
      mediaRemoved: ['b'],
      captionsChanged: [{ mediaId: 'c', before: null, after: 'ny' }],
      orderChanged: true,
    });
  });

  it('does not call a removal a reordering', () => {
    const diff = compareVersions(
      version(1, {}, [
        { mediaId: 'a', caption: null },
        { mediaId: 'b', caption: null },
        { mediaId: 'c', caption: null },
      ]),
      version(2, {}, [
        { mediaId: 'a', caption: null },
        { mediaId: 'c', caption: null },
      ]),
    );
    expect(diff.orderChanged).toBe(false);
    expect(diff.mediaRemoved).toEqual(['b']);
  });
});

/** A teaching collection to put a copy into (plain and de-identified teaching copies). */
export function CollectionField({ id, label, collections, value, onChange }: {
  id: string;
  label: string;
  collections: { id: string | number; name: string }[] | null | undefined;
  value: string;
  onChange: (collectionId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {collections?.map((c) => (
          <option key={String(c.id)} value={String(c.id)}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCopyStatus, formatCopyAge, formatSnapshotTime, type CopyStatus } from '../offline-copy';
import { useLocale } from '../pages/cases/shared';
import { Loading } from './common';

/** How often the banner asks the viewer again, so that the age shown keeps up. */
const REFRESH_MS = 60_000;

interface CopyModeValue {
  /** False until the first answer of /api/offline/status (or its refusal) is in. */
  checked: boolean;
  /** The copy's status on the backup workstation's viewer; null on the normal server. */
  copy: CopyStatus | null;
}

const CopyModeContext = createContext<CopyModeValue>({ checked: true, copy: null });

/**
 * Asks once at start whether this is the backup workstation's read-only copy, and then every
 * minute while it is (the age grows; a sync may bring a newer copy). Between answers the age is
 * carried forward by the browser's clock so it never stands still if one answer is missed.
 */
export function CopyModeProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<CopyModeValue>({ checked: false, copy: null });

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    let last: { status: CopyStatus; at: number } | null = null;

    const ask = async () => {
      const status = await fetchCopyStatus();
      if (stopped) return;
      if (status) {
        last = { status, at: Date.now() };
        setValue({ checked: true, copy: status });
      } else if (last) {
        // The viewer did not answer this time: the copy is still what it was, only older.
        const elapsed = Math.floor((Date.now() - last.at) / 60_000);
        setValue({ checked: true, copy: { ...last.status, ageMinutes: last.status.ageMinutes + elapsed } });
      } else {
        setValue({ checked: true, copy: null });
        return; // The normal server: nothing more to ask.
      }
      timer = window.setTimeout(() => void ask(), REFRESH_MS);
    };
    void ask();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, []);

  // Nothing is shown until the answer is in, so that no write control ever flashes up on the copy.
  return (
    <CopyModeContext.Provider value={value}>
      {value.checked ? (
        children
      ) : (
        <main className="centered">
          <Loading />
        </main>
      )}
    </CopyModeContext.Provider>
  );
}

export function useCopyMode(): CopyModeValue {
  return useContext(CopyModeContext);
}

/** "Reservkopia – uppgifter från 4 dec 06:00, 11 timmar gamla": the banner's one line. */
export function useCopyText(): { title: string; age: string; line: string } | null {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy } = useCopyMode();
  if (!copy) return null;
  const when = formatSnapshotTime(t, copy.snapshotAt, locale, copy.timeZone);
  const age = formatCopyAge(t, copy.ageMinutes);
  return { title: t('offlineCopy.title'), age, line: t('offlineCopy.banner', { when, age }) };
}

/**
 * Shown on every page of the copy, sign-in included: which copy this is and how old. Not a live
 * region: it changes each minute and would interrupt a screen reader each time.
 */
export function CopyBanner() {
  const { t } = useTranslation();
  const text = useCopyText();
  const { copy } = useCopyMode();
  if (!text || !copy) return null;
  return (
    <section className="copy-banner" aria-label={text.title} data-testid="copy-banner">
      <p className="copy-banner-line">
        <strong>{text.line}</strong>
      </p>
      <p className="copy-banner-note">{t('offlineCopy.bannerNote', { workstation: copy.workstation })}</p>
    </section>
  );
}

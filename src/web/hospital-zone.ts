// The hospital's time zone (KASUS_TIME_ZONE), which every time on screen is shown in, whatever zone
// the device is set to. It comes with the session (login and GET /api/session); until then, and in
// the offline copy's viewer (which shows its own), the device's zone is used.
import { useEffect, useState } from 'react';
import { call, client } from './api';

let known: string | undefined;
let asked: Promise<string | undefined> | undefined;

/** Remembers the zone the session named (session.tsx calls this). */
export function setHospitalZone(zone: string | undefined): void {
  if (zone) known = zone;
}

/** The hospital's zone if known yet; undefined means the device's. */
export function hospitalZone(): string | undefined {
  return known;
}

/** The hospital's zone for a component: asked of the server once per page load if the session has not named it. */
export function useHospitalZone(): string | undefined {
  const [zone, setZone] = useState<string | undefined>(known);
  useEffect(() => {
    if (known) return;
    let live = true;
    asked ??= call(client.GET('/api/session')).then(
      (s) => (s as { timeZone?: string }).timeZone,
      () => undefined,
    );
    void asked.then((z) => {
      setHospitalZone(z);
      if (live) setZone(z);
    });
    return () => {
      live = false;
    };
  }, []);
  return zone;
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, formatIncident, templateError, templateFor, type IncidentFacts } from './incident-format.js';

const facts: IncidentFacts = {
  incidentId: '6f1c1f0e-0000-4000-8000-000000000001',
  incidentNumber: 7,
  system: 'PACS',
  department: 'Kirurgkliniken',
  departmentHsaId: 'SE2321000016-1001',
  site: 'Centralsjukhuset',
  description: 'Inga bilder visas i granskningsstationerna.',
  affectedUsers: 40,
  affectedPcs: 12,
  affectedServers: null,
  competence: ['clinical_applications', 'server_group'],
  contactName: 'Stina Sjuksköterska',
  contactMobile: '070-123 45 67',
  priority: 'P1',
  impact: 'high',
  urgency: 'high',
  reportedBy: 'Stina Sjuksköterska',
  reportedAt: '2026-11-23 15:29',
};

describe('incident formatting for the service desk', () => {
  it('words the Swedish report for the operative coordinator', () => {
    const { subject, body } = formatIncident(DEFAULT_TEMPLATES.sv, facts, 'sv');
    expect(subject).toBe('PACS – operativ samordnare för fördelning');
    const lines = body.split('\n');
    expect(lines[0]).toBe('Ärendet ska fördelas av operativ samordnare');
    expect(body).toContain('Prioritet: P1 (påverkan stor, brådska hög)');
    expect(body).toContain('Avdelning: Kirurgkliniken (SE2321000016-1001)');
    expect(body).toContain('Berörda: 40 användare, 12 datorer, – servrar');
    expect(body).toContain('Kompetens som behövs: kliniska applikationer, servergrupp');
    expect(body).toContain('Kontaktperson: Stina Sjuksköterska, mobil 070-123 45 67');
    expect(body).toContain('Kasus incident 7');
    expect(body).not.toMatch(/\{\w+\}/);
  });

  it('words it in English and Norwegian', () => {
    const en = formatIncident(DEFAULT_TEMPLATES.en, facts, 'en');
    expect(en.subject).toBe('PACS – operative coordinator to distribute');
    expect(en.body.split('\n')[0]).toBe('The case is to be distributed by the operative coordinator');
    expect(en.body).toContain('Competence needed: clinical applications, server group');
    const nb = formatIncident(DEFAULT_TEMPLATES.nb, facts, 'nb');
    expect(nb.subject).toBe('PACS – operativ koordinator for fordeling');
    expect(nb.body.split('\n')[0]).toBe('Saken skal fordeles av operativ koordinator');
  });

  it('uses a service desk’s own template for its language and the built-in one for the others', () => {
    const own = { sv: { subject: '[{priority}] {system}', body: 'Fördelas av OS\n{description}\nRing {contactMobile}' } };
    expect(formatIncident(templateFor(own, 'sv'), facts, 'sv')).toEqual({
      subject: '[P1] PACS',
      body: 'Fördelas av OS\nInga bilder visas i granskningsstationerna.\nRing 070-123 45 67',
    });
    expect(templateFor(own, 'en')).toBe(DEFAULT_TEMPLATES.en);
  });

  it('keeps the subject on one line and refuses unknown placeholders', () => {
    expect(formatIncident({ subject: '{description}', body: '' }, { ...facts, description: 'Rad ett\nrad två' }, 'sv').subject).toBe('Rad ett rad två');
    expect(templateError('{system} {priority}')).toBeNull();
    expect(templateError('{system} {patient}')).toMatch(/Okänd platshållare \{patient\}/);
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      expect(templateError(t.subject)).toBeNull();
      expect(templateError(t.body)).toBeNull();
    }
  });
});

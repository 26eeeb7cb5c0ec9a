import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { SessionProvider, useSession } from './session';
import { Layout } from './components/Layout';
import { Loading } from './components/common';
import { LoginPage } from './pages/LoginPage';
import { HomePage } from './pages/HomePage';
import { PatientsPage } from './pages/PatientsPage';
import { PatientPage } from './pages/PatientPage';
import { AuditPage } from './pages/AuditPage';
import { ReportsPage } from './pages/ReportsPage';
import { CasePage } from './pages/cases/CasePage';
import { TeachingPage } from './pages/TeachingPage';
import { CaseSearchPage } from './pages/CaseSearchPage';
import { TimelinePage } from './pages/cases/TimelinePage';
import { ForbiddenPage, NotFoundPage } from './pages/ErrorPages';
import { PAGE_RIGHTS as RIGHTS } from './rights';
import { StatusPage } from './continuity/StatusPage';
import { IncidentFormPage } from './continuity/IncidentFormPage';
import { IncidentPage } from './continuity/IncidentPage';
import { IncidentsPage } from './continuity/IncidentsPage';
import { ContactsPage } from './continuity/ContactsPage';
import { RoutinesPage } from './continuity/RoutinesPage';
import { BacklogPage } from './continuity/BacklogPage';
import { RoutinePage } from './continuity/RoutinePage';
import { CapturePage } from './capture/CapturePage';

// Pages for few users (the form designer, administration, the duty-officer console, the log
// operators' report) are loaded when first opened; Layout shows "Laddar…" meanwhile.
const FormsPage = lazy(() => import('./pages/admin/FormsPage').then((m) => ({ default: m.FormsPage })));
const DepartmentsPage = lazy(() => import('./pages/admin/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage })));
const RolesPage = lazy(() => import('./pages/admin/RolesPage').then((m) => ({ default: m.RolesPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const WorkstationsPage = lazy(() => import('./pages/admin/WorkstationsPage').then((m) => ({ default: m.WorkstationsPage })));
const JobsPage = lazy(() => import('./pages/admin/JobsPage').then((m) => ({ default: m.JobsPage })));
const DeidentifyPage = lazy(() => import('./pages/deidentify/DeidentifyPage').then((m) => ({ default: m.DeidentifyPage })));
const EmergencyAccessReportPage = lazy(() => import('./pages/EmergencyAccessReportPage').then((m) => ({ default: m.EmergencyAccessReportPage })));
const StatusConsolePage = lazy(() => import('./continuity/StatusConsolePage').then((m) => ({ default: m.StatusConsolePage })));
const ContinuityAdminPage = lazy(() => import('./continuity/ContinuityAdminPage').then((m) => ({ default: m.ContinuityAdminPage })));

function RequireAuth({ children }: { children: ReactNode }) {
  const { status, endReason, restoreError } = useSession();
  const location = useLocation();
  // Offline capture works with no server (issue 16): after a reload without network, or when the
  // session ran out, the capture page stays; its queue waits and asks the user to log in again.
  const offlineCapture = location.pathname === '/capture' && (restoreError?.status === 0 || endReason === 'expired');
  if (status === 'anonymous' && offlineCapture) return <>{children}</>;
  if (status === 'loading') {
    return (
      <main className="centered">
        <Loading />
      </main>
    );
  }
  if (status === 'anonymous') {
    // After an explicit log-out the next user starts afresh, not on the previous user's page.
    const state = endReason === 'logout' ? null : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <>{children}</>;
}

function RequireRight({ right, children }: { right: string; children: ReactNode }) {
  const { hasRight } = useSession();
  return hasRight(right) ? <>{children}</> : <ForbiddenPage />;
}

/** For a page whose parts need different rights (reports: the log report and the statistics). */
function RequireAnyRight({ rights, children }: { rights: string[]; children: ReactNode }) {
  const { hasRight } = useSession();
  return rights.some(hasRight) ? <>{children}</> : <ForbiddenPage />;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <Layout />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="status" element={<StatusPage />} />
            <Route
              path="status/console"
              element={
                <RequireRight right={RIGHTS.continuity}>
                  <StatusConsolePage />
                </RequireRight>
              }
            />
            <Route
              path="status/admin"
              element={
                <RequireRight right={RIGHTS.continuity}>
                  <ContinuityAdminPage />
                </RequireRight>
              }
            />
            <Route path="status/incidents" element={<IncidentsPage />} />
            <Route
              path="status/incidents/new"
              element={
                <RequireRight right={RIGHTS.incidents}>
                  <IncidentFormPage />
                </RequireRight>
              }
            />
            <Route path="status/incidents/:id" element={<IncidentPage />} />
            <Route path="status/contacts" element={<ContactsPage />} />
            <Route path="status/routines" element={<RoutinesPage />} />
            <Route path="status/backlog" element={<BacklogPage />} />
            <Route path="capture" element={<CapturePage />} />
            <Route
              path="status/routines/new"
              element={
                <RequireRight right={RIGHTS.continuity}>
                  <RoutinePage />
                </RequireRight>
              }
            />
            <Route path="status/routines/:id" element={<RoutinePage />} />
            <Route
              path="patients"
              element={
                <RequireRight right={RIGHTS.patients}>
                  <PatientsPage />
                </RequireRight>
              }
            />
            <Route
              path="cases"
              element={
                <RequireRight right={RIGHTS.cases}>
                  <CaseSearchPage />
                </RequireRight>
              }
            />
            <Route path="cases/:id" element={<CasePage />} />
            {/* The de-identification editor of one picture or video (M9). */}
            <Route
              path="media/:id/deidentify"
              element={
                <RequireRight right={RIGHTS.teaching}>
                  <Suspense fallback={<Loading />}>
                    <DeidentifyPage />
                  </Suspense>
                </RequireRight>
              }
            />
            {/* Where a launch from the EHR lands: the patient by Kasus's id, with their cases. */}
            <Route
              path="patients/:id"
              element={
                <RequireRight right={RIGHTS.patients}>
                  <PatientPage />
                </RequireRight>
              }
            />
            <Route
              path="patients/:id/timeline"
              element={
                <RequireRight right={RIGHTS.cases}>
                  <TimelinePage />
                </RequireRight>
              }
            />
            <Route
              path="teaching"
              element={
                <RequireRight right={RIGHTS.teaching}>
                  <TeachingPage />
                </RequireRight>
              }
            />
            <Route path="admin" element={<Navigate to="/admin/departments" replace />} />
            <Route
              path="admin/departments"
              element={
                <RequireRight right={RIGHTS.admin}>
                  <DepartmentsPage />
                </RequireRight>
              }
            />
            <Route
              path="admin/users"
              element={
                <RequireRight right={RIGHTS.admin}>
                  <UsersPage />
                </RequireRight>
              }
            />
            <Route
              path="admin/roles"
              element={
                <RequireRight right={RIGHTS.admin}>
                  <RolesPage />
                </RequireRight>
              }
            />
            <Route
              path="admin/workstations"
              element={
                <RequireRight right={RIGHTS.admin}>
                  <WorkstationsPage />
                </RequireRight>
              }
            />
            <Route
              path="admin/jobs"
              element={
                <RequireRight right={RIGHTS.admin}>
                  <JobsPage />
                </RequireRight>
              }
            />
            <Route
              path="admin/forms"
              element={
                <RequireRight right={RIGHTS.forms}>
                  <Suspense fallback={<Loading />}>
                    <FormsPage />
                  </Suspense>
                </RequireRight>
              }
            />
            <Route
              path="audit"
              element={
                <RequireRight right={RIGHTS.audit}>
                  <AuditPage />
                </RequireRight>
              }
            />
            <Route
              path="reports"
              element={
                <RequireAnyRight rights={[RIGHTS.audit, RIGHTS.statistics]}>
                  <ReportsPage />
                </RequireAnyRight>
              }
            />
            <Route
              path="audit/emergency-access"
              element={
                <RequireRight right={RIGHTS.audit}>
                  <EmergencyAccessReportPage />
                </RequireRight>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}

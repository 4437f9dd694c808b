// Routes: /login, /pair (a screen's pairing link), /setup (a new server's
// first run), and the apps of each role:
// /waiter, /kitchen (?station=grill: one station's screen), /kitchen/expo
// (the pass), /table, /screens (managers pair and revoke screens),
// /staff, /audit, /floor (tables and stations), /menu (the menu editor) and
// /settings (the kitchen's settings): the managers' back office, /dashboard (managers watch
// the server and the kitchen live), /speed (the kitchen's speed of service).
// A path the session may not open sends it to its own app. A token the
// server refuses ends the session with the server's reason when it gave one
// ("Your account was deactivated …").

import { useCallback, useEffect, useState } from "react";

import { AuditPage } from "./admin/audit-page";
import { FloorPage } from "./admin/floor-page";
import { KitchenSettingsPage } from "./admin/kitchen-settings-page";
import { MenuPage } from "./admin/menu-page";
import { StaffPage } from "./admin/staff-page";
import { setAuthFailureListener, type ApiError } from "./api";
import { DashboardPage } from "./dashboard/dashboard-page";
import { SpeedPage } from "./dashboard/speed-page";
import { ExpoScreen } from "./kitchen/expo-screen";
import { KitchenDisplay } from "./kitchen/kitchen-display";
import { navigate, usePath } from "./navigation";
import { LoginPage } from "./pages/login-page";
import { PairPage } from "./pages/pair-page";
import { ScreensPage } from "./pages/screens-page";
import { SetupPage } from "./pages/setup-page";
import { clearSession, homePath, loadSession, mayOpen, type Session } from "./session";
import { TableDisplay } from "./table/table-display";
import { WaiterApp } from "./waiter/waiter-app";

const sessionEnded = "Your session has ended. Please log in again.";

/** Why the login page is shown again: a revocation says what happened (deactivated, role changed, screen revoked). */
function endedNotice(error: ApiError): string {
  return error.code === "token_revoked" ? sentence(error.message) : sessionEnded;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);

  const logout = useCallback((why?: string) => {
    clearSession();
    setSession(null);
    setNotice(why ?? null);
    navigate("/login", { replace: true });
  }, []);

  useEffect(() => {
    setAuthFailureListener((error) => logout(endedNotice(error)));
  }, [logout]);

  /** `reason`: the server's, when it ended the session itself (auth:revoked). */
  const onAuthFailure = useCallback((reason?: string) => logout(reason ? sentence(reason) : sessionEnded), [logout]);
  const onLogout = useCallback(() => logout(), [logout]);

  const signedIn = useCallback((next: Session) => {
    setSession(next);
    setNotice(null);
    navigate(homePath(next), { replace: true });
  }, []);

  if (path === "/pair") return <PairPage onPaired={signedIn} />;
  if (path === "/setup") {
    return (
      <SetupPage
        onDone={(done) => {
          clearSession();
          setSession(null);
          setNotice(done);
          navigate("/login", { replace: true });
        }}
      />
    );
  }
  if (!session || path === "/login") {
    if (session && path === "/login") {
      navigate(homePath(session), { replace: true });
      return null;
    }
    if (path !== "/login") navigate("/login", { replace: true });
    return <LoginPage notice={notice} onLoggedIn={signedIn} />;
  }
  if (!mayOpen(session, path)) {
    navigate(homePath(session), { replace: true });
    return null;
  }
  switch (path) {
    case "/waiter":
      return <WaiterApp session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    case "/kitchen":
      return <KitchenDisplay session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    case "/kitchen/expo":
      return <ExpoScreen session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    case "/table":
      return <TableDisplay session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    case "/screens":
      return <ScreensPage session={session} onLogout={onLogout} />;
    case "/staff":
      return <StaffPage session={session} onLogout={onLogout} />;
    case "/audit":
      return <AuditPage session={session} onLogout={onLogout} />;
    case "/floor":
      return <FloorPage session={session} onLogout={onLogout} />;
    case "/menu":
      return <MenuPage session={session} onLogout={onLogout} />;
    case "/settings":
      return <KitchenSettingsPage session={session} onLogout={onLogout} />;
    case "/dashboard":
      return <DashboardPage session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    case "/speed":
      return <SpeedPage session={session} onLogout={onLogout} onAuthFailure={onAuthFailure} />;
    default:
      return null;
  }
}

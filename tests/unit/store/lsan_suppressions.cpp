// LeakSanitizer's suppressions for the store's tests (read by the ASan
// build's runtime; an unused function elsewhere). libpqxx 6.4 leaks one
// PGresult when it finds a pooled connection broken at BEGIN (the server
// restarted): its bug, a few hundred bytes per broken connection, and what
// postgres_store_test's connections_that_broke_while_idle test provokes.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpqxx\n";
}

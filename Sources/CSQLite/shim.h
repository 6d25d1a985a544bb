#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro over a cast of -1 to a function pointer and does not
// import into Swift: bound text is copied by SQLite before the call returns.
static inline int natrecon_sqlite3_bind_text_transient(sqlite3_stmt *statement, int index,
                                                       const char *text, int bytes) {
  return sqlite3_bind_text(statement, index, text, bytes, SQLITE_TRANSIENT);
}

// SQLITE_STATIC: SQLite keeps the pointer, which must stay valid until the statement is
// reset or the value rebound (`SQLiteStatement.run` binds from its own buffer).
static inline int natrecon_sqlite3_bind_text_static(sqlite3_stmt *statement, int index,
                                                    const char *text, int bytes) {
  return sqlite3_bind_text(statement, index, text, bytes, SQLITE_STATIC);
}

// Writes the open write transaction's changed pages to the WAL (sqlite3_db_cacheflush)
// and syncs the WAL file through SQLite's own handle to it (SQLITE_FCNTL_JOURNAL_POINTER,
// the file's xSync), as the commit would: the frames count only once a commit frame
// follows them, and the commit then writes and syncs only what changed since. (In a
// rollback-journal mode the pointer names the journal, whose sync is harmless; with no
// journal open there is nothing to sync.)
static inline int natrecon_sqlite3_write_ahead(sqlite3 *db) {
  int status = sqlite3_db_cacheflush(db);
  if (status != SQLITE_OK) return status;
  sqlite3_file *journal = 0;
  status = sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal);
  if (status != SQLITE_OK) return status;
  if (journal == 0 || journal->pMethods == 0) return SQLITE_OK;
  return journal->pMethods->xSync(journal, SQLITE_SYNC_NORMAL);
}

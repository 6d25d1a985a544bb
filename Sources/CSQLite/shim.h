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

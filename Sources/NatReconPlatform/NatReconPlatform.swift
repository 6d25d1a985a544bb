// NatReconPlatform: the POSIX calls the other modules share, each in one place.
//
// `FileDescriptor` holds the one write(2) loop (`writeAll`: short writes and EINTR
// retried), read(2) retried on EINTR, the one way an output file is opened and the one
// strerror; `Directory` is `mkdir -p`, `rm -rf` and a listing; `PosixThread` is the one
// pthread start-up (a closure on its own thread, joined or detached); `PosixLock` is the
// one mutex (with a condition variable); `Clock` the monotonic and wall clocks;
// `RAMFolder` whether a folder is a tmpfs mount point and its free bytes;
// `writeStderr` the diagnostics line. Everything here is thin: no buffering, no policy;
// the callers turn a failure into their own error naming the file.
//
// Imports: Glibc only. It must not import any natrecon module: IO, Reports, the generator
// and the pipeline all import it.

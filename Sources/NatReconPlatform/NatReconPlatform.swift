// NatReconPlatform: the POSIX calls the other modules share, each in one place.
//
// `FileDescriptor.writeAll` is the one write(2) loop (short writes and EINTR retried);
// `PosixThread` is the one pthread start-up (a closure on its own thread, joined or
// detached). Everything here is thin: no buffering, no policy; the callers turn a failure
// into their own error naming the file.

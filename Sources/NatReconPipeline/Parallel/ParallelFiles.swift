import NatReconIO
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

/// Parses input files on worker threads and hands their batches to the calling thread:
/// the way a run uses both cores without giving up bounded memory or determinism.
///
/// `inFileOrder` hands batches over in file order.
/// Workers take files in sorted order (one file per worker at a time) and `produce`
/// batches of compact, already-normalised records; each file has a queue of at most
/// `queueDepth` batches, so a worker that runs ahead waits. The caller `consume`s file 0's
/// batches, then file 1's, … — exactly the order a single thread would have seen, so
/// every fold that depends on order (issues, name/phone ties) stays deterministic.
///
/// `inArrivalOrder` is the variant for folds that do not depend on the order of files
/// (the test probe, the tube scan): batches go to the caller as they come, each file's
/// still in order, so a worker never waits for another file to be consumed and both
/// workers stay busy however many files there are.
///
/// Memory: `workers × queueDepth` batches, independent of file size.
/// Errors: the first `IngestError` of the lowest-numbered failing file is thrown after
/// every worker has stopped.
enum ParallelFiles {
  /// Batches a worker may queue ahead of the consumer, per file.
  static let queueDepth = 4

  /// Worker threads: the machine's cores, at most 2 (the target machine has 2; one
  /// consumer thread plus two producers keep both busy).
  static var workerCount: Int {
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    return max(1, min(2, cores))
  }

  /// Runs `produce` for every file on the workers; `consume` gets file 0's batches, then
  /// file 1's, … on the calling thread.
  static func inFileOrder<Batch>(
    files: [InputFile],
    produce: @escaping @Sendable (_ index: Int, _ emit: (Batch) -> Void) throws(IngestError) -> Void,
    consume: (_ index: Int, Batch) -> Void
  ) throws(IngestError) {
    guard !files.isEmpty else { return }
    let queues = (0..<files.count).map { _ in BatchQueue<Batch>(capacity: queueDepth) }
    let shared = SharedQueues(queues: queues)
    let next = LockedCounter()
    var threads: [PosixThread] = []
    for _ in 0..<min(workerCount, files.count) {
      let thread = PosixThread.start {
        while true {
          let index = next.increment()
          if index >= shared.queues.count || shared.isCancelled { return }
          let queue = shared.queues[index]
          do throws(IngestError) {
            try produce(index) { batch in queue.push(batch) }
            queue.finish(error: nil)
          } catch {
            queue.finish(error: error)
            shared.cancel()
          }
        }
      }
      if let thread { threads.append(thread) }
    }
    if threads.isEmpty {
      // No thread could be started: one pass on this thread, straight into `consume`.
      for index in files.indices { try produce(index) { consume(index, $0) } }
      return
    }
    var failure: IngestError?
    for index in files.indices {
      if failure != nil { break }
      while let batch = queues[index].pop() { consume(index, batch) }
      failure = queues[index].error
    }
    if failure != nil {
      shared.cancel()
      for queue in queues { queue.drainAndCancel() }
    }
    for thread in threads { thread.join() }
    if let failure { throw failure }
  }
}

private final class SharedQueues<Batch>: @unchecked Sendable {
  let queues: [BatchQueue<Batch>]
  private var cancelled = false
  private let lock = PosixLock()

  init(queues: [BatchQueue<Batch>]) { self.queues = queues }

  var isCancelled: Bool { lock.withLock { cancelled } }

  func cancel() { lock.withLock { cancelled = true } }
}

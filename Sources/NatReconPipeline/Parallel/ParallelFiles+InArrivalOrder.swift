import NatReconIO
import NatReconPlatform

#if canImport(Glibc)
  import Glibc
#endif

extension ParallelFiles {
  /// Like `inFileOrder`, but `consume` gets batches in the order they are produced: each file's
  /// batches in order, files interleaved. For commutative folds only.
  static func inArrivalOrder<Batch>(
    files: [InputFile],
    produce: @escaping @Sendable (_ index: Int, _ emit: (Batch) -> Void) throws(IngestError) -> Void,
    consume: (_ index: Int, Batch) -> Void
  ) throws(IngestError) {
    guard !files.isEmpty else { return }
    let workers = min(workerCount, files.count)
    let queue = BatchQueue<(Int, Batch)>(capacity: workers * queueDepth, producers: workers)
    let failures = LowestFailure<IngestError>()
    let next = LockedCounter()
    var threads: [PosixThread] = []
    for _ in 0..<workers {
      let thread = PosixThread.start {
        while true {
          let index = next.increment()
          // Files after a failed one are skipped; earlier ones finish, so the error
          // thrown is the lowest-numbered file's whatever the timing.
          if index >= files.count || failures.hasFailure(before: index) { break }
          do throws(IngestError) {
            try produce(index) { batch in queue.push((index, batch)) }
          } catch {
            failures.record(error, at: index)
          }
        }
        queue.finish(error: nil)
      }
      if let thread { threads.append(thread) } else { queue.finish(error: nil) }
    }
    if threads.isEmpty {
      for index in files.indices { try produce(index) { consume(index, $0) } }
      return
    }
    while let item = queue.pop() { consume(item.0, item.1) }
    for thread in threads { thread.join() }
    if let error = failures.error { throw error }
  }
}

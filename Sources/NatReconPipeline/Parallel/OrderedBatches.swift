import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

/// Parses input files on worker threads and hands their batches to the calling thread in
/// file order: the way a run uses both cores without giving up bounded memory or
/// determinism.
///
/// Workers take files in sorted order (one file per worker at a time) and `produce`
/// batches of compact, already-normalised records; each file has a queue of at most
/// `queueDepth` batches, so a worker that runs ahead waits. The caller `consume`s file 0's
/// batches, then file 1's, … — exactly the order a single thread would have seen, so
/// every fold that depends on order (issues, name/phone ties) stays deterministic.
///
/// `runInArrivalOrder` is the variant for folds that do not depend on the order of files
/// (the test probe, the tube scan): batches go to the caller as they come, each file's
/// still in order, so a worker never waits for another file to be consumed and both
/// workers stay busy however many files there are.
///
/// Memory: `workers × queueDepth` batches, independent of file size.
/// Errors: the first `IngestError` of the lowest-numbered failing file is thrown after
/// every worker has stopped.
enum OrderedBatches {
  /// Batches a worker may queue ahead of the consumer, per file.
  static let queueDepth = 4

  /// Worker threads: the machine's cores, at most 2 (the target machine has 2; one
  /// consumer thread plus two producers keep both busy).
  static var workerCount: Int {
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    return max(1, min(2, cores))
  }

  static func run<Batch>(
    files: [InputFile],
    produce: @escaping @Sendable (_ index: Int, _ emit: (Batch) -> Void) throws(IngestError) -> Void,
    consume: (_ index: Int, Batch) -> Void
  ) throws(IngestError) {
    guard !files.isEmpty else { return }
    let queues = (0..<files.count).map { _ in BatchQueue<Batch>(capacity: queueDepth) }
    let shared = SharedQueues(queues: queues)
    let next = AtomicCounter()
    var threads: [pthread_t] = []
    for _ in 0..<min(workerCount, files.count) {
      let job = WorkerJob {
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
      if let thread = job.start() { threads.append(thread) }
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
    for thread in threads { pthread_join(thread, nil) }
    if let failure { throw failure }
  }
}

extension OrderedBatches {
  /// Like `run`, but `consume` gets batches in the order they are produced: each file's
  /// batches in order, files interleaved. For commutative folds only.
  static func runInArrivalOrder<Batch>(
    files: [InputFile],
    produce: @escaping @Sendable (_ index: Int, _ emit: (Batch) -> Void) throws(IngestError) -> Void,
    consume: (_ index: Int, Batch) -> Void
  ) throws(IngestError) {
    guard !files.isEmpty else { return }
    let workers = min(workerCount, files.count)
    let queue = BatchQueue<(Int, Batch)>(capacity: workers * queueDepth, producers: workers)
    let failures = LowestFailure()
    let next = AtomicCounter()
    var threads: [pthread_t] = []
    for _ in 0..<workers {
      let job = WorkerJob {
        while true {
          let index = next.increment()
          // Files after a failed one are skipped; earlier ones finish, so the error
          // thrown is the lowest-numbered file's whatever the timing.
          if index >= files.count || failures.hasFailure(before: index) { break }
          do throws(IngestError) {
            try produce(index) { batch in queue.push((index, batch)) }
          } catch {
            failures.record(error, file: index)
          }
        }
        queue.finish(error: nil)
      }
      if let thread = job.start() { threads.append(thread) } else { queue.finish(error: nil) }
    }
    if threads.isEmpty {
      for index in files.indices { try produce(index) { consume(index, $0) } }
      return
    }
    while let item = queue.pop() { consume(item.0, item.1) }
    for thread in threads { pthread_join(thread, nil) }
    if let error = failures.error { throw error }
  }
}

/// The error of the lowest-numbered file that failed.
private final class LowestFailure: @unchecked Sendable {
  private var file = Int.max
  private var failure: IngestError?
  private var mutex = pthread_mutex_t()

  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }

  func record(_ error: IngestError, file: Int) {
    pthread_mutex_lock(&mutex)
    if file < self.file { (self.file, failure) = (file, error) }
    pthread_mutex_unlock(&mutex)
  }

  func hasFailure(before index: Int) -> Bool {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return file < index
  }

  var error: IngestError? {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return failure
  }
}

/// A bounded FIFO between producers and the consumer; finished when every producer has
/// called `finish`.
final class BatchQueue<Batch>: @unchecked Sendable {
  /// Slots before `head` are consumed and hold nil, so a consumed batch is released at
  /// once even when the producer keeps the queue from ever running empty.
  private var items: [Batch?] = []
  private var head = 0
  private var producersLeft: Int
  private var isFinished: Bool { producersLeft == 0 }
  private var isCancelled = false
  private(set) var error: IngestError?
  private let capacity: Int
  private var mutex = pthread_mutex_t()
  private var changed = pthread_cond_t()

  init(capacity: Int, producers: Int = 1) {
    self.capacity = capacity
    self.producersLeft = producers
    pthread_mutex_init(&mutex, nil)
    pthread_cond_init(&changed, nil)
  }

  deinit {
    pthread_mutex_destroy(&mutex)
    pthread_cond_destroy(&changed)
  }

  /// Adds a batch, waiting while the queue is full (dropped once cancelled).
  func push(_ batch: Batch) {
    pthread_mutex_lock(&mutex)
    while items.count - head >= capacity && !isCancelled { pthread_cond_wait(&changed, &mutex) }
    if !isCancelled { items.append(batch) }
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
  }

  func finish(error: IngestError?) {
    pthread_mutex_lock(&mutex)
    producersLeft -= 1
    if let error { self.error = error }
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
  }

  /// The next batch, or nil when the producer finished and the queue is empty.
  func pop() -> Batch? {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    while head == items.count && !isFinished { pthread_cond_wait(&changed, &mutex) }
    guard head < items.count, let batch = items[head] else { return nil }
    items[head] = nil
    head += 1
    if head == items.count {
      items.removeAll(keepingCapacity: true)
      head = 0
    } else if head >= 64 {
      items.removeFirst(head)
      head = 0
    }
    pthread_cond_broadcast(&changed)
    return batch
  }

  /// Unblocks a producer after a failure elsewhere.
  func drainAndCancel() {
    pthread_mutex_lock(&mutex)
    isCancelled = true
    items.removeAll()
    head = 0
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
  }
}

private final class SharedQueues<Batch>: @unchecked Sendable {
  let queues: [BatchQueue<Batch>]
  private var cancelled = 0
  private var mutex = pthread_mutex_t()

  init(queues: [BatchQueue<Batch>]) {
    self.queues = queues
    pthread_mutex_init(&mutex, nil)
  }

  var isCancelled: Bool {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return cancelled != 0
  }

  func cancel() {
    pthread_mutex_lock(&mutex)
    cancelled = 1
    pthread_mutex_unlock(&mutex)
  }
}

/// Hands out file indices to workers in order.
final class AtomicCounter: @unchecked Sendable {
  private var value = 0
  private var mutex = pthread_mutex_t()

  init() { pthread_mutex_init(&mutex, nil) }

  /// Returns the current value and adds one.
  func increment() -> Int {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    value += 1
    return value - 1
  }
}

/// A closure run on its own pthread.
final class WorkerJob: @unchecked Sendable {
  let body: @Sendable () -> Void

  init(_ body: @escaping @Sendable () -> Void) { self.body = body }

  /// Starts the thread; nil if the system refused (the caller then runs `body` inline).
  func start() -> pthread_t? {
    var thread = pthread_t()
    let context = Unmanaged.passRetained(self).toOpaque()
    let status = pthread_create(
      &thread, nil,
      { raw in
        guard let raw else { return nil }
        Unmanaged<WorkerJob>.fromOpaque(raw).takeRetainedValue().body()
        return nil
      }, context)
    if status != 0 {
      Unmanaged<WorkerJob>.fromOpaque(context).release()
      return nil
    }
    return thread
  }
}

/// Read-only state shared with worker threads. The wrapped value must not be mutated
/// while workers run (the join's key table and name hashes are frozen during probing).
final class Frozen<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

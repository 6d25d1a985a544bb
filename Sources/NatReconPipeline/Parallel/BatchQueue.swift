import NatReconIO
import NatReconPlatform

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
  /// Guards everything above; its condition says "the queue changed".
  private let lock = PosixLock()

  init(capacity: Int, producers: Int = 1) {
    self.capacity = capacity
    self.producersLeft = producers
  }

  /// Adds a batch, waiting while the queue is full (dropped once cancelled).
  func push(_ batch: Batch) {
    lock.lock()
    while items.count - head >= capacity && !isCancelled { lock.wait() }
    if !isCancelled { items.append(batch) }
    lock.broadcast()
    lock.unlock()
  }

  func finish(error: IngestError?) {
    lock.lock()
    producersLeft -= 1
    if let error { self.error = error }
    lock.broadcast()
    lock.unlock()
  }

  /// The next batch, or nil when the producer finished and the queue is empty.
  func pop() -> Batch? {
    lock.lock()
    defer { lock.unlock() }
    while head == items.count && !isFinished { lock.wait() }
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
    lock.broadcast()
    return batch
  }

  /// Unblocks a producer after a failure elsewhere.
  func drainAndCancel() {
    lock.lock()
    isCancelled = true
    items.removeAll()
    head = 0
    lock.broadcast()
    lock.unlock()
  }
}

import NatReconIO

#if canImport(Glibc)
  import Glibc
#endif

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

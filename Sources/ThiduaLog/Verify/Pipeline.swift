import Foundation

/// `Pipeline.defaultThreads` (reading the environment costs more than scoring a group).
private let pipelineThreads: Int = {
    if let t = ProcessInfo.processInfo.environment["THIDUA_THREADS"].flatMap(Int.init), t >= 1 { return min(t, 256) }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
}()

/// Work on batches of log entries on every core while the calling thread folds the
/// previous batch's results in order: reading, parsing, hashing and signature checks run
/// in parallel; only the fold (authority, a projection) is serial, and it overlaps with
/// the next batch's work.
///
///     let p = Pipeline(work: { line in parse(line) })
///     try store.forEachEntry { try p.push($0.line) { parsed in … } }
///     try p.finish { parsed in … }
public final class Pipeline<In: Sendable, Out: Sendable> {
    /// How many threads the parallel stage uses: `THIDUA_THREADS`, else every core (read
    /// once, when a process first asks).
    public static var defaultThreads: Int { pipelineThreads }

    let threads: Int
    @usableFromInline let batchSize: Int
    let work: @Sendable (In) -> Out
    let then: (@Sendable (inout Out) -> Void)?
    @usableFromInline var batch: [In] = []
    var inFlight: Job? = nil
    let queue = DispatchQueue.global(qos: .userInitiated)
    /// Nanoseconds the calling thread spent folding.
    @usableFromInline var foldNanos: UInt64 = 0
    /// Seconds the calling thread spent folding.
    public var foldSeconds: Double { Double(foldNanos) / 1e9 }

    /// - Parameters:
    ///   - work: runs on the parallel stage, once per item.
    ///   - then: a second step on the parallel stage, once per item, that starts only when
    ///     `work` has run on every item pushed before it and on every item of its batch (what
    ///     `work` learns from an item, a later item's `then` may use: the audit learns keys
    ///     and leaf hashes in `work`, and checks signatures and hashes Merkle blocks in
    ///     `then`). Nil: none.
    public init(
        threads: Int = Pipeline.defaultThreads, batchSize: Int = 2048, work: @escaping @Sendable (In) -> Out,
        then: (@Sendable (inout Out) -> Void)? = nil
    ) {
        self.threads = max(1, threads)
        self.batchSize = max(1, batchSize)
        self.work = work
        self.then = then
        batch.reserveCapacity(self.batchSize)
    }

    deinit { inFlight?.wait() }

    /// Adds an item; a full batch goes to the parallel stage and the one before it is
    /// folded: `fold` runs on the calling thread, once per item, in order. Give the same
    /// `fold` to every call. Inlinable, with the fold's loop: a caller's specialization
    /// appends to the batch and destroys each result without looking up their types at
    /// run time for every item (a replay's generic destruction of its results cost 5 % of
    /// its instructions).
    @inlinable
    public func push(_ item: In, fold: (Out) throws -> Void) throws {
        batch.append(item)
        if batch.count >= batchSize, let previous = submit() { try timed { try previous.drain(fold) } }
    }

    /// At most this many items, all there is, are worked on the calling thread: a dispatch
    /// and a wait would cost more (a replay catching up the one entry just appended).
    static var inlineMax: Int { 32 }

    /// Works and folds what is left.
    public func finish(fold: (Out) throws -> Void) throws {
        if inFlight == nil, batch.count <= Self.inlineMax {
            let items = batch
            batch.removeAll(keepingCapacity: true)
            guard let then else {
                for item in items {
                    let out = work(item)
                    try timed { try fold(out) }
                }
                return
            }
            // Every item's first step before any second step, as on the parallel stage.
            var outs = items.map(work)
            for i in outs.indices { then(&outs[i]) }
            for out in outs { try timed { try fold(out) } }
            return
        }
        if let previous = submit() { try timed { try previous.drain(fold) } }
        if let last = inFlight {
            inFlight = nil
            last.wait()
            try timed { try last.drain(fold) }
        }
    }

    /// Works every item on every core and returns the results in order: for work that is
    /// not a log's entries (the groups of a ranking). Each thread, the calling one among
    /// them, takes the next item no thread has taken: a large item does not hold back the
    /// ones behind it, and the calling thread works rather than waiting for others to wake.
    /// A single item, or a single thread, is worked on the calling thread.
    public static func map(_ items: [In], threads: Int = defaultThreads, work: @escaping @Sendable (In) -> Out) -> [Out]
    {
        guard items.count > 1, threads > 1 else { return items.map(work) }
        let n = items.count
        let out = Results<Out>(n)
        DispatchQueue.concurrentPerform(iterations: min(threads, n)) { _ in
            while let i = out.claim() { out.initialize(i, to: work(items[i])) }
        }
        return out.moved()
    }

    @inlinable
    func timed(_ body: () throws -> Void) rethrows {
        let t = DispatchTime.now().uptimeNanoseconds
        defer { foldNanos += DispatchTime.now().uptimeNanoseconds - t }
        try body()
    }

    /// Sends the batch to the parallel stage and returns the one before it, worked, for
    /// the caller to fold (nil when there is none).
    @usableFromInline
    func submit() -> Job? {
        guard !batch.isEmpty else { return nil }
        let job = Job(batch, threads: threads, queue: queue, work: work, then: then, after: inFlight?.worked)
        batch.removeAll(keepingCapacity: true)
        let previous = inFlight
        inFlight = job
        previous?.wait()
        return previous
    }

    /// One batch on its way through the parallel stage.
    @usableFromInline
    final class Job: @unchecked Sendable {
        let items: [In]
        @usableFromInline let out: UnsafeMutablePointer<Out>
        @usableFromInline let n: Int
        /// Results [0, drained) have been moved out to the fold.
        @usableFromInline var drained = 0
        /// Left when every item is done (`work`, then `then`).
        let group = DispatchGroup()
        /// Left when `work` has run on every item.
        let worked = DispatchGroup()

        /// - Parameter after: the previous batch's `worked`: `then` waits for it too. No
        ///   thread blocks: `then`'s chunks are queued when both groups are done.
        init(
            _ items: [In], threads: Int, queue: DispatchQueue, work: @escaping @Sendable (In) -> Out,
            then: (@Sendable (inout Out) -> Void)?, after: DispatchGroup?
        ) {
            self.items = items
            n = items.count
            out = .allocate(capacity: n)
            let n = n
            let parts = max(1, min(threads, n))
            let chunk = (n + parts - 1) / parts
            for _ in 0..<parts { group.enter() }
            for t in 0..<parts {
                worked.enter()
                queue.async { [self] in
                    for i in (t * chunk)..<min(n, (t + 1) * chunk) { (out + i).initialize(to: work(items[i])) }
                    worked.leave()
                    if then == nil { group.leave() }
                }
            }
            guard let then else { return }
            let second: @Sendable () -> Void = { [self] in
                for t in 0..<parts {
                    queue.async { [self] in
                        for i in (t * chunk)..<min(n, (t + 1) * chunk) { then(&(out + i).pointee) }
                        group.leave()
                    }
                }
            }
            worked.notify(queue: queue) {
                if let after { after.notify(queue: queue, execute: second) } else { second() }
            }
        }

        func wait() { group.wait() }

        /// Moves each result, in order, to `fold` (no copy of what the parallel stage built).
        @inlinable
        func drain(_ fold: (Out) throws -> Void) rethrows {
            while drained < n {
                let r = (out + drained).move()
                drained += 1
                try fold(r)
            }
        }

        deinit {
            group.wait()
            (out + drained).deinitialize(count: n - drained)
            out.deallocate()
        }
    }
}

/// The results of `Pipeline.map`: each slot written once, by the thread that claimed its
/// item, before any is read.
private final class Results<Out>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Out>
    let count: Int
    private let lock = Lock()
    private var next = 0

    /// The next item no thread has claimed, or nil when none is left.
    func claim() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
    }

    func initialize(_ i: Int, to value: consuming Out) { (base + i).initialize(to: value) }

    /// Every result, moved out in order (call once, when every slot is written).
    func moved() -> [Out] {
        var a: [Out] = []
        a.reserveCapacity(count)
        for i in 0..<count { a.append((base + i).move()) }
        return a
    }

    deinit { base.deallocate() }
}

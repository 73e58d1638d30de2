package io.elmkit.sim.engine;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * Event-driven simulation of a population of ELM neurons over spike streams.
 *
 * <p>Time advances in steps. For each step the engine (its coordinating thread) polls every input
 * for that step's events (waiting while a live input is behind), hands them to the shards, each
 * shard on its own thread gathers the events of its neurons, steps its neuron blocks
 * ({@link io.elmkit.sim.step.EventStepper}: only what spikes touch is updated, then the memory of
 * every neuron) and applies spike rules; then the coordinator files the spikes on their
 * connections (arriving at least one step later) and hands the step's outputs to every sink.
 *
 * <p>Deterministic: a neuron's output depends only on its model and the events it receives, which
 * arrive in the same order whatever the number of threads or the placement of neurons (input events
 * in their stream's order, then spikes from other neurons by increasing source id), so results are
 * bit-identical to {@code elmkit predict --stepper event} and across thread counts.
 *
 * <p>Neurons, inputs, connections and sinks can be added (and neurons removed) from any thread at
 * any time: the change is queued and applied between two steps. The engine itself is an Agrona
 * {@link Agent}: {@link #doWork()} runs at most one step, so it can share an agent runner, or use
 * {@link #run} on the calling thread.
 */
public final class Engine implements Agent, AutoCloseable {

    /**
     * How the engine runs, immutable: {@code Engine.Options.builder().threads(4).build()}, every
     * setting checked there; {@link #defaults()}: one thread, backoff idling, not paced.
     *
     * <p>Placement of a small population: a step handed to a worker thread costs a wake-up and a
     * hand-back (tens of microseconds, milliseconds on a busy machine when a parked worker waits for
     * the scheduler), more than stepping a few hundred neurons costs. So the engine uses only
     * {@code min(threads, ceil(neurons / minShardNeurons))} shards, the least loaded of them for each
     * new neuron: 100 neurons with the default 256 stay on the coordinating thread whatever
     * {@code threads}, 10,000 spread evenly over all of them. A worker thread starts when its shard
     * gets its first neuron. {@code minShardNeurons(1)} spreads any population over every thread.
     * Placement never changes results, only speed.
     *
     * @param threads threads stepping neurons (the coordinating thread is one of them), at least 1
     * @param idleStrategy idle strategy of the worker threads and of the coordinator while it waits
     * @param blockCapacity neurons of one model stepped together (the memory kernel vectorises over them)
     * @param realtime pace steps to the wall clock (one step per {@code dtMs}) and count missed deadlines
     * @param dtMs step length for pacing and reports, in ms
     * @param minShardNeurons neurons a shard must have to be worth a thread of its own, at least 1 (1:
     *     spread every population over all threads)
     */
    public record Options(int threads, Supplier<IdleStrategy> idleStrategy, int blockCapacity, boolean realtime,
                          double dtMs, int minShardNeurons) {
        public Options {
            Objects.requireNonNull(idleStrategy, "idleStrategy");
            requireAtLeastOne("threads", threads);
            requireAtLeastOne("blockCapacity", blockCapacity);
            requireAtLeastOne("minShardNeurons", minShardNeurons);
            if (!(dtMs > 0) || Double.isInfinite(dtMs)) {
                throw new IllegalArgumentException("engine option dtMs: expected a positive finite number of ms, found " + dtMs);
            }
        }

        private static void requireAtLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("engine option " + name + ": expected at least 1, found " + value);
            }
        }

        /** A builder with the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** One thread, backoff idling, blocks of 256 neurons, not paced, 1 ms steps, 256 neurons per extra shard. */
        public static Options defaults() {
            return builder().build();
        }

        /**
         * Fluent settings with their defaults (1 thread, backoff idling, blocks of 256, not paced, 1 ms,
         * 256 neurons per extra shard).
         */
        public static final class Builder {
            private int threads = 1;
            private Supplier<IdleStrategy> idleStrategy = IdleStrategies.named("backoff");
            private int blockCapacity = 256;
            private boolean realtime;
            private double dtMs = 1.0;
            private int minShardNeurons = DEFAULT_MIN_SHARD_NEURONS;

            private Builder() {
            }

            /** Threads stepping neurons, the coordinating thread among them (default 1). */
            public Builder threads(int threads) {
                this.threads = threads;
                return this;
            }

            /** Makes the idle strategy of each thread (default: backoff, spinning then parking up to 100 us). */
            public Builder idleStrategy(Supplier<IdleStrategy> idleStrategy) {
                this.idleStrategy = idleStrategy;
                return this;
            }

            /** Neurons of one model stepped together (default 256). */
            public Builder blockCapacity(int blockCapacity) {
                this.blockCapacity = blockCapacity;
                return this;
            }

            /** Pace steps to the wall clock (default false: as fast as inputs allow). */
            public Builder realtime(boolean realtime) {
                this.realtime = realtime;
                return this;
            }

            /** Step length in ms, for pacing and reports (default 1). */
            public Builder dtMs(double dtMs) {
                this.dtMs = dtMs;
                return this;
            }

            /**
             * Neurons a shard must have before the population spreads to another thread (default 256,
             * one full block: below it the hand-off costs more than the shard saves); 1 spreads every
             * population over all threads.
             */
            public Builder minShardNeurons(int minShardNeurons) {
                this.minShardNeurons = minShardNeurons;
                return this;
            }

            /** The options, or an IllegalArgumentException naming the setting out of range. */
            public Options build() {
                return new Options(threads, idleStrategy, blockCapacity, realtime, dtMs, minShardNeurons);
            }
        }
    }

    /** Default of {@link Options#minShardNeurons}: one block at the default block capacity. */
    public static final int DEFAULT_MIN_SHARD_NEURONS = 256;

    private final Options options;
    private final Shard[] shards;
    private final ShardWorker[] workers;
    private final AgentRunner[] runners;
    private final IdleStrategy waitIdle;
    private final IdleStrategy runIdle;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextNeuronId = new AtomicInteger();
    private final AtomicInteger nextInput = new AtomicInteger();
    private final AtomicInteger nextStreamBase = new AtomicInteger();
    private final List<InputSlot> inputs = new ArrayList<>();
    private final List<OutputSink> sinks = new ArrayList<>();
    private final StepInput stepInput = new StepInput();
    private final DelayLine delayLine = new DelayLine();
    private final Connections connections = new Connections();
    private final Outputs view = new Outputs();
    private NeuronRef[] refs = new NeuronRef[64];
    private int[] shardLoad;
    private int[] mergedSpikes = new int[64];
    private int mergedSpikeCount;
    private long step;
    private int pollCursor;
    private boolean everHadInput;
    private boolean finished;
    private long startNanos = -1;
    private long missedDeadlines;
    private long inputEvents;
    private long spikesEmitted;
    private volatile Throwable workerFailure;

    private static final class InputSlot {
        final SpikeInput input;
        final int streamBase;
        long startStep;
        boolean ended;

        InputSlot(SpikeInput input, int streamBase) {
            this.input = input;
            this.streamBase = streamBase;
        }
    }

    public Engine(Options options) {
        this.options = options;
        int threads = options.threads();
        this.shards = new Shard[threads];
        for (int i = 0; i < threads; i++) {
            shards[i] = new Shard(i);
        }
        for (Shard shard : shards) {
            shard.joinTeam(shards);
        }
        this.shardLoad = new int[threads];
        this.waitIdle = options.idleStrategy().get();
        this.runIdle = options.idleStrategy().get();
        this.workers = new ShardWorker[threads - 1];
        this.runners = new AgentRunner[threads - 1];
        for (int i = 1; i < threads; i++) {
            workers[i - 1] = new ShardWorker(shards[i]);
        }
    }

    /** Starts shard {@code s}'s worker thread the first time the shard gets neurons (idle threads cost CPU). */
    private void startWorker(int s) {
        if (s == 0 || runners[s - 1] != null) {
            return;
        }
        runners[s - 1] = new AgentRunner(options.idleStrategy().get(), this::onWorkerError, null, workers[s - 1]);
        AgentRunner.startOnThread(runners[s - 1], r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Shards (threads) worth using for {@code neurons} live neurons: one per
     * {@link Options#minShardNeurons}, up to the threads. Neurons added are placed by this rule, so
     * it says how many threads a population will step on before its first step places it.
     */
    public int shardsFor(long neurons) {
        long wanted = (neurons + options.minShardNeurons() - 1) / options.minShardNeurons();
        return (int) Math.max(1, Math.min(shards.length, wanted));
    }

    private void onWorkerError(Throwable t) {
        workerFailure = t;
    }

    // ---- configuration (any thread; applied between steps) ----

    /** Adds an input; its local step 0 is the engine step at which the change is applied. Returns its index. */
    public int addInput(SpikeInput input) {
        int index;
        int base;
        synchronized (this) {
            index = nextInput.getAndIncrement();
            base = nextStreamBase.getAndAdd(input.numStreams());
        }
        InputSlot slot = new InputSlot(input, base);
        commands.add(() -> {
            slot.startStep = step;
            while (inputs.size() <= index) {
                inputs.add(null);
            }
            inputs.set(index, slot);
            everHadInput = true;
        });
        return index;
    }

    /**
     * Removes an input between two steps: it is no longer polled and is closed; neurons listening
     * to it keep running without input. The engine's end no longer waits for it.
     */
    public void removeInput(int index) {
        commands.add(() -> {
            InputSlot in = index < inputs.size() ? inputs.get(index) : null;
            if (in == null) {
                throw new IllegalArgumentException("no input " + index);
            }
            in.ended = true;
            in.input.close();
        });
    }

    /** Adds a sink; it sees every step from the next one on. */
    public void addSink(OutputSink sink) {
        commands.add(() -> sinks.add(sink));
    }

    /** Adds one neuron; returns its id. It is stepped from the next step on, from state zero. */
    public int addNeuron(NeuronSpec spec) {
        return addNeurons(spec, 1)[0];
    }

    /** Adds {@code count} neurons of one spec (e.g. copies on one stream for load tests); returns their ids. */
    public int[] addNeurons(NeuronSpec spec, int count) {
        int first = nextNeuronId.getAndAdd(count);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = first + i;
        }
        commands.add(() -> place(spec, ids));
        return ids;
    }

    /** Removes a neuron: it is no longer stepped or reported; its connections stay but deliver nothing. */
    public void removeNeuron(int id) {
        commands.add(() -> {
            NeuronRef ref = id < refs.length ? refs[id] : null;
            if (ref == null) {
                throw new IllegalArgumentException("no live neuron " + id);
            }
            Shard shard = shards[ref.shard];
            if (ref.globalStream >= 0) {
                shard.unsubscribe(ref.globalStream, ref.block, ref.slot);
            }
            shard.blocks.get(ref.block).release(ref.slot);
            shardLoad[ref.shard]--;
            refs[id] = null;
        });
    }

    /**
     * Connects neuron {@code from}'s spikes to input {@code channel} of neuron {@code to} with value
     * {@code weight}, arriving {@code delaySteps} (>= 1) steps after the spike.
     */
    public void connect(int from, int to, int channel, float weight, int delaySteps) {
        if (delaySteps < 1) {
            throw new IllegalArgumentException("connection " + from + " -> " + to + ": delay must be at least one step, got "
                + delaySteps);
        }
        commands.add(() -> {
            NeuronRef target = to < refs.length ? refs[to] : null;
            if (target == null) {
                throw new IllegalArgumentException("connection " + from + " -> " + to + ": no live neuron " + to);
            }
            int numInput = shards[target.shard].blocks.get(target.block).model.numInput();
            if (channel < 0 || channel >= numInput) {
                throw new IllegalArgumentException("connection " + from + " -> " + to + ": channel " + channel
                    + " outside the target's 0.." + (numInput - 1));
            }
            connections.add(from, to, channel, weight, delaySteps);
        });
    }

    private void place(NeuronSpec spec, int[] ids) {
        int globalStream = -1;
        if (spec.input() >= 0) {
            InputSlot in = spec.input() < inputs.size() ? inputs.get(spec.input()) : null;
            if (in == null) {
                throw new IllegalArgumentException("neuron " + ids[0] + ": no input " + spec.input());
            }
            if (spec.stream() >= in.input.numStreams()) {
                throw new IllegalArgumentException("neuron " + ids[0] + ": " + in.input.describe() + " has "
                    + in.input.numStreams() + " streams, no stream " + spec.stream());
            }
            if (in.input.numChannels() != spec.model().numInput()) {
                throw new IllegalArgumentException(in.input.describe() + ": num_channels is " + in.input.numChannels()
                    + ", but the model expects num_input = " + spec.model().numInput());
            }
            globalStream = in.streamBase + spec.stream();
        }
        long live = 0;
        for (int load : shardLoad) {
            live += load;
        }
        int usable = shardsFor(live + ids.length);
        int done = 0;
        while (done < ids.length) {
            // Least loaded usable shard; ties to the lowest index (placement never changes results, only speed).
            int s = 0;
            for (int i = 1; i < usable; i++) {
                if (shardLoad[i] < shardLoad[s]) {
                    s = i;
                }
            }
            Shard shard = shards[s];
            int blockIndex = -1;
            for (int b = 0; b < shard.blocks.size(); b++) {
                NeuronBlock candidate = shard.blocks.get(b);
                if (candidate.model == spec.model() && candidate.freeSlot() >= 0) {
                    blockIndex = b;
                    break;
                }
            }
            if (blockIndex < 0) {
                // Room for this request's share of the shard, and at least as many as the shard already
                // holds of this model (so neurons added one by one get blocks of 1, 1, 2, 4, ... up to the
                // cap: few blocks, at most half of their slots idle).
                int remaining = ids.length - done;
                int perShard = (remaining + usable - 1) / usable;
                int held = 0;
                for (NeuronBlock existing : shard.blocks) {
                    held += existing.model == spec.model() ? existing.capacity : 0;
                }
                int capacity = Math.max(1, Math.min(options.blockCapacity(), Math.max(perShard, held)));
                shard.blocks.add(new NeuronBlock(spec.model(), capacity));
                blockIndex = shard.blocks.size() - 1;
                startWorker(s);
            }
            NeuronBlock block = shard.blocks.get(blockIndex);
            int slot;
            while (done < ids.length && (slot = block.freeSlot()) >= 0) {
                int id = ids[done++];
                block.occupy(slot, id, spec.spikeRule());
                if (globalStream >= 0) {
                    shard.subscribe(globalStream, blockIndex, slot);
                }
                if (id >= refs.length) {
                    refs = Arrays.copyOf(refs, Math.max(id + 1, refs.length * 2));
                }
                refs[id] = new NeuronRef(s, blockIndex, slot, globalStream);
                shardLoad[s]++;
            }
        }
    }

    // ---- running ----

    @Override
    public String roleName() {
        return "elmkit-engine";
    }

    /** True when every input has ended (and there was at least one). */
    public boolean isFinished() {
        return finished;
    }

    /** Runs one step if its input is complete; returns 1 when a step ran, 0 otherwise. */
    @Override
    public int doWork() {
        if (finished) {
            return 0;
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        if (options.realtime() && System.nanoTime() - startNanos < (long) (step * options.dtMs() * 1e6)) {
            return 0;
        }
        if (pollCursor == 0) {
            stepInput.clear();
        }
        boolean anyActive = false;
        for (; pollCursor < inputs.size(); pollCursor++) {
            InputSlot in = inputs.get(pollCursor);
            if (in == null || in.ended) {
                continue;
            }
            stepInput.streamBase = in.streamBase;
            int before = stepInput.count;
            int state = in.input.poll(step - in.startStep, stepInput);
            if (state == SpikeInput.NOT_YET) {
                stepInput.count = before;
                return 0;
            }
            if (state == SpikeInput.END) {
                stepInput.count = before;
                in.ended = true;
            } else {
                anyActive = true;
            }
        }
        pollCursor = 0;
        if (everHadInput && !anyActive && allInputsEnded()) {
            finish();
            return 0;
        }
        runStep();
        return 1;
    }

    private boolean allInputsEnded() {
        for (InputSlot in : inputs) {
            if (in != null && !in.ended) {
                return false;
            }
        }
        return true;
    }

    private void finish() {
        finished = true;
        for (OutputSink sink : sinks) {
            sink.onEnd(step);
        }
    }

    private void runStep() {
        inputEvents += stepInput.count;
        DelayLine.Bucket arriving = delayLine.at(step);
        // Shards without neurons sit the step out (no hand-off cost for a small population).
        for (ShardWorker w : workers) {
            if (w.hasNeurons()) {
                w.request(step, stepInput, arriving, refs);
            }
        }
        shards[0].runStep(step, stepInput, arriving, refs);
        for (ShardWorker w : workers) {
            if (!w.hasNeurons()) {
                w.skip();
                continue;
            }
            waitIdle.reset();
            while (w.done < step) {
                checkWorkers();
                waitIdle.idle();
            }
        }
        checkWorkers();
        arriving.count = 0;
        mergeSpikes();
        for (int i = 0; i < mergedSpikeCount; i++) {
            connections.fire(mergedSpikes[i], step, delayLine);
        }
        spikesEmitted += mergedSpikeCount;
        view.step = step;
        for (int i = 0, n = sinks.size(); i < n; i++) {
            sinks.get(i).onStep(view);
        }
        if (options.realtime() && System.nanoTime() - startNanos > (long) ((step + 1) * options.dtMs() * 1e6)) {
            missedDeadlines++;
        }
        step++;
    }

    private void checkWorkers() {
        Throwable t = workerFailure;
        if (t == null) {
            for (ShardWorker w : workers) {
                if (w.failure != null) {
                    t = w.failure;
                }
            }
        }
        if (t != null) {
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException("engine worker failed", t);
        }
    }

    private void mergeSpikes() {
        mergedSpikeCount = 0;
        for (Shard shard : shards) {
            int n = shard.spikeCount;
            if (mergedSpikeCount + n > mergedSpikes.length) {
                mergedSpikes = Arrays.copyOf(mergedSpikes, Math.max(mergedSpikeCount + n, mergedSpikes.length * 2));
            }
            System.arraycopy(shard.spikes, 0, mergedSpikes, mergedSpikeCount, n);
            mergedSpikeCount += n;
        }
        Arrays.sort(mergedSpikes, 0, mergedSpikeCount);
    }

    /**
     * Runs on the calling thread until every input has ended or {@code maxSteps} steps have run
     * (from this call), idling with the engine's idle strategy while inputs are behind. Returns the
     * steps run.
     */
    public long run(long maxSteps) {
        IdleStrategy idle = runIdle;
        long first = step;
        while (!finished && step - first < maxSteps) {
            idle.idle(doWork());
        }
        return step - first;
    }

    /** Runs until every input has ended. */
    public long run() {
        return run(Long.MAX_VALUE);
    }

    // ---- figures ----

    /** Steps run so far. */
    public long steps() {
        return step;
    }

    /** Neuron-steps computed so far (live neurons times steps). */
    public long neuronSteps() {
        long n = 0;
        for (Shard s : shards) {
            n += s.neuronSteps;
        }
        return n;
    }

    /**
     * Blocks that a thread stepped for another shard so far (it had finished its own): high when the
     * threads run at unequal speeds. The shards themselves stay as placed.
     */
    public long blocksSteppedByHelpers() {
        long n = 0;
        for (Shard s : shards) {
            n += s.blocksHelped;
        }
        return n;
    }

    /** Input events delivered so far. */
    public long inputEvents() {
        return inputEvents;
    }

    /** Spikes the neurons emitted so far. */
    public long spikesEmitted() {
        return spikesEmitted;
    }

    /** Steps that finished after their wall-clock deadline ({@link Options#realtime} only). */
    public long missedDeadlines() {
        return missedDeadlines;
    }

    /** Wall time since the first step, in seconds. */
    public double elapsedSeconds() {
        return startNanos < 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    }

    /** Simulated time over wall time: above 1 is faster than real time. */
    public double realTimeFactor() {
        double wall = elapsedSeconds();
        return wall == 0 ? 0 : step * options.dtMs() / 1000.0 / wall;
    }

    /** Threads the engine may step neurons on ({@link Options#threads}). */
    public int threads() {
        return shards.length;
    }

    /** Shards holding neurons now: the threads actually stepping (see {@link Options#minShardNeurons}). */
    public int shardsInUse() {
        int n = 0;
        for (Shard shard : shards) {
            n += shard.blocks.isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** Live neurons per shard (placement, for tests). */
    int[] shardLoads() {
        return shardLoad.clone();
    }

    /** Stops the worker threads and closes sinks and inputs. */
    @Override
    public void close() {
        for (AgentRunner r : runners) {
            if (r != null) {
                r.close();
            }
        }
        for (OutputSink sink : sinks) {
            sink.close();
        }
        for (InputSlot in : inputs) {
            if (in != null) {
                in.input.close();
            }
        }
    }

    ElmModel modelOf(int id) {
        NeuronRef ref = refs[id];
        return ref == null ? null : shards[ref.shard].blocks.get(ref.block).model;
    }

    private final class Outputs implements StepOutputs {
        long step;

        @Override
        public long step() {
            return step;
        }

        @Override
        public int neuronIdBound() {
            return refs.length;
        }

        @Override
        public boolean isLive(int id) {
            return id >= 0 && id < refs.length && refs[id] != null;
        }

        @Override
        public int numOutput(int id) {
            NeuronRef ref = refs[id];
            return shards[ref.shard].blocks.get(ref.block).numOutput;
        }

        @Override
        public float output(int id, int k) {
            NeuronRef ref = refs[id];
            NeuronBlock block = shards[ref.shard].blocks.get(ref.block);
            return block.output[ref.slot * block.numOutput + k];
        }

        @Override
        public int spikeCount() {
            return mergedSpikeCount;
        }

        @Override
        public int spikeNeuron(int i) {
            return mergedSpikes[i];
        }
    }
}

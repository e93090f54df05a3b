@file:JvmName("KotlinPeers")

package giambio.bench

import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.newSingleThreadContext
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/*
 * The Kotlin coroutines peer: the same workloads as KernelBench, written the way a Kotlin user
 * would (structured concurrency: runBlocking waits for every launched child). Plain static
 * functions, so the Java JMH benchmarks (KotlinCoroutinesBench) call them with the same
 * operation counts as the giambio kernels.
 *
 * context: EmptyCoroutineContext runs every coroutine on runBlocking's own event loop (the
 * calling thread, one thread, like a giambio loop); a single-thread dispatcher runs them on
 * that dispatcher's thread while the caller waits.
 */

/** Two coroutines take turns at yield(), n times each: 2n switches. */
fun pingPong(n: Int, context: CoroutineContext) {
    runBlocking(context) {
        repeat(2) {
            launch {
                repeat(n) { yield() }
            }
        }
    }
}

/** tasks coroutines take turns at yield(), rounds times each: tasks * rounds switches. */
fun roundRobin(tasks: Int, rounds: Int, context: CoroutineContext) {
    runBlocking(context) {
        repeat(tasks) {
            launch {
                repeat(rounds) { yield() }
            }
        }
    }
}

/** Launches n coroutines that return at once and waits for them all. */
fun spawnJoin(n: Int, context: CoroutineContext) {
    runBlocking(context) {
        repeat(n) {
            launch { }
        }
    }
}

/**
 * Spawn+join in one scope: coroutineScope { repeat(n) { launch { } } } inside runBlocking,
 * the Kotlin form of one giambio pool with n tasks.
 */
fun spawnJoinScope(n: Int, context: CoroutineContext) {
    runBlocking(context) {
        coroutineScope {
            repeat(n) {
                launch { }
            }
        }
    }
}

/**
 * Rendezvous ping-pong: two coroutines bounce one item through two Channel(RENDEZVOUS)
 * channels, rounds times: 2 * rounds hand-offs.
 */
fun channelPingPong(rounds: Int, context: CoroutineContext) {
    runBlocking(context) {
        val ping = Channel<Int>(Channel.RENDEZVOUS)
        val pong = Channel<Int>(Channel.RENDEZVOUS)
        launch {
            repeat(rounds) { pong.send(ping.receive() + 1) }
        }
        launch {
            var v = 0
            repeat(rounds) {
                ping.send(v)
                v = pong.receive()
            }
        }
    }
}

/**
 * The retained-heap peer of RetainedHeap: n coroutines launched on runBlocking's event loop,
 * each suspended depth suspend frames deep in CompletableDeferred.await(). beforeLaunch runs
 * first, whileParked runs once every coroutine is suspended; then the deferred is completed
 * and every coroutine finishes.
 */
fun parkedOnDeferred(n: Int, depth: Int, beforeLaunch: Runnable, whileParked: Runnable) {
    runBlocking {
        val gate = CompletableDeferred<Unit>()
        beforeLaunch.run()
        repeat(n) {
            launch { deepAwait(depth, gate) }
        }
        yield() // every child runs to its suspension before this coroutine runs again
        whileParked.run()
        gate.complete(Unit)
    }
}

/** Awaits gate depth suspend frames down (the same shape as RetainedHeap.deep). */
private suspend fun deepAwait(depth: Int, gate: CompletableDeferred<Unit>): Int {
    if (depth == 0) {
        gate.await()
        return 0
    }
    val local = depth * 31
    return deepAwait(depth - 1, gate) + local
}

/** A dispatcher with one thread of its own (close it when done). */
@OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class, kotlinx.coroutines.ExperimentalCoroutinesApi::class)
fun singleThreadDispatcher(): ExecutorCoroutineDispatcher = newSingleThreadContext("kotlin-peer")

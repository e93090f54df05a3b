@file:JvmName("KotlinPeers")

package giambio.bench

import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ExecutorCoroutineDispatcher
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

/** A dispatcher with one thread of its own (close it when done). */
@OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class, kotlinx.coroutines.ExperimentalCoroutinesApi::class)
fun singleThreadDispatcher(): ExecutorCoroutineDispatcher = newSingleThreadContext("kotlin-peer")

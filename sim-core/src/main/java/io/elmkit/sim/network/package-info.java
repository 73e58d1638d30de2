/**
 * Networks of ELM populations described outside Java code: the connections file that {@code elmkit
 * run} and {@code elmkit flink} share ({@link io.elmkit.sim.network.NetworkFile}), and the
 * {@link io.elmkit.sim.network.Network} it yields, which makes the engine's connections.
 */
package io.elmkit.sim.network;

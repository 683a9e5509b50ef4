/**
 * A container's environment and command line ({@code spec/kubelet.md} §6.1, §6.2): {@link
 * dev.berth.node.env.ContainerEnv#build} resolves {@code envFrom}, {@code env} and service links
 * ({@link dev.berth.node.env.ServiceLinks}) through {@link dev.berth.node.env.EnvSources}; {@link
 * dev.berth.node.env.ContainerCommands} expands {@code command}/{@code args}; {@link
 * dev.berth.node.env.Expansion} is the {@code $(VAR)} syntax itself.
 */
package dev.berth.node.env;

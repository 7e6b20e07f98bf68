/**
 * The bridge from an application's OpenTelemetry API (1.x) to the agent's SDK and context. Compiled against the
 * oldest API supported under the name {@code application.io.opentelemetry} (module agent-application-api), next to
 * the agent's own relocated API; never loaded by the agent's class loader: {@code BridgeClassLoader} defines these
 * classes beside the application's API (as its child) with the {@code application.} prefix removed, so each of them
 * implements the application's interfaces and calls the agent's SDK directly.
 */
package io.monitoring.agent.apibridge.application;

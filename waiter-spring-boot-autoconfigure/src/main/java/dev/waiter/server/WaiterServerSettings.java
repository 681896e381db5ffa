package dev.waiter.server;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.waiter.WaiterMode;
import dev.waiter.frame.Framing;
import dev.waiter.server.access.CidrBlock;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.tls.WaiterTls;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WaiterServer} is configured with: the builder that the properties and the
 * {@code WaiterServerCustomizer}s act on. The field initializers are the defaults that
 * {@code WaiterProperties} mirrors ({@code PropertyDefaultsTests} holds the two and the
 * configuration metadata equal). At each {@code start()} the server takes one immutable
 * copy of them for the run, which every thread of that run reads, so changes made while
 * it runs apply to the next run only. Not thread-safe: set it up before the server starts,
 * or between runs.
 */
public class WaiterServerSettings extends WaiterListenSettings<WaiterServerSettings> {

	private String name = "default";

	private WaiterMode mode = WaiterMode.FORK;

	private int maxConnections = 1024;

	private Duration acceptTimeout = Duration.ofSeconds(4);

	private @Nullable Duration readTimeout;

	private @Nullable Duration writeTimeout;

	private @Nullable Duration idleTimeout;

	private @Nullable Duration requestTimeout;

	private @Nullable WaiterRequestModel requestModel;

	private int preforkMin = 4;

	private int preforkMax = 1024;

	private Duration preforkIdleTimeout = Duration.ofSeconds(31);

	private boolean virtualThreads;

	private Charset charset = StandardCharsets.UTF_8;

	private WaiterShutdown shutdown = WaiterShutdown.GRACEFUL;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private boolean signalsPropagate;

	private boolean tcpNoDelay = true;

	private boolean keepAlive;

	private boolean processOnInput;

	private @Nullable WaiterTls tls;

	private Framing framing = Framing.lf(64 * 1024);

	private ConnectionServingHook servingHook = ConnectionServingHook.NONE;

	private List<CidrBlock> allow = List.of();

	private List<CidrBlock> deny = List.of();

	private @Nullable WaiterProxyProtocol proxyProtocol;

	private int maxConnectionsPerPeer;

	private @Nullable Integer maxConnectionRatePerPeer;

	public String getName() {
		return this.name;
	}

	public WaiterServerSettings setName(String name) {
		this.name = name;
		return this;
	}

	public WaiterMode getMode() {
		return this.mode;
	}

	public WaiterServerSettings setMode(WaiterMode mode) {
		this.mode = mode;
		return this;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public WaiterServerSettings setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
		return this;
	}

	public Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	public WaiterServerSettings setAcceptTimeout(Duration acceptTimeout) {
		this.acceptTimeout = acceptTimeout;
		return this;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public WaiterServerSettings setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
		return this;
	}

	public @Nullable Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public WaiterServerSettings setWriteTimeout(@Nullable Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
		return this;
	}

	/**
	 * How long a connection may wait for its next request (or its first) before it is closed
	 * quietly, outcome {@code IDLE}; {@code null}: the read timeout bounds that wait too.
	 * @return the timeout
	 */
	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public WaiterServerSettings setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
		return this;
	}

	/**
	 * The longest a whole request may take to arrive, from its first byte, or {@code null}.
	 * @return the timeout
	 */
	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public WaiterServerSettings setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
		return this;
	}

	/**
	 * The request model's decoder and idle wait, or {@code null} for the connection model.
	 * @return the request model
	 */
	public @Nullable WaiterRequestModel getRequestModel() {
		return this.requestModel;
	}

	public WaiterServerSettings setRequestModel(@Nullable WaiterRequestModel requestModel) {
		this.requestModel = requestModel;
		return this;
	}

	public int getPreforkMin() {
		return this.preforkMin;
	}

	public WaiterServerSettings setPreforkMin(int preforkMin) {
		this.preforkMin = preforkMin;
		return this;
	}

	public int getPreforkMax() {
		return this.preforkMax;
	}

	public WaiterServerSettings setPreforkMax(int preforkMax) {
		this.preforkMax = preforkMax;
		return this;
	}

	public Duration getPreforkIdleTimeout() {
		return this.preforkIdleTimeout;
	}

	public WaiterServerSettings setPreforkIdleTimeout(Duration preforkIdleTimeout) {
		this.preforkIdleTimeout = preforkIdleTimeout;
		return this;
	}

	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	public WaiterServerSettings setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
		return this;
	}

	public Charset getCharset() {
		return this.charset;
	}

	public WaiterServerSettings setCharset(Charset charset) {
		this.charset = charset;
		return this;
	}

	public WaiterShutdown getShutdown() {
		return this.shutdown;
	}

	public WaiterServerSettings setShutdown(WaiterShutdown shutdown) {
		this.shutdown = shutdown;
		return this;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public WaiterServerSettings setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
		return this;
	}

	public boolean isSignalsPropagate() {
		return this.signalsPropagate;
	}

	public WaiterServerSettings setSignalsPropagate(boolean signalsPropagate) {
		this.signalsPropagate = signalsPropagate;
		return this;
	}

	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	public WaiterServerSettings setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
		return this;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public WaiterServerSettings setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
		return this;
	}

	/**
	 * Whether the process event waits for the client's first bytes, its end of stream or a
	 * read failure, which the handler's first read then sees: an idle client that has sent
	 * nothing keeps its thread parked with a shallow stack instead of inside a handler.
	 */
	public boolean isProcessOnInput() {
		return this.processOnInput;
	}

	public WaiterServerSettings setProcessOnInput(boolean processOnInput) {
		this.processOnInput = processOnInput;
		return this;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public WaiterServerSettings setFraming(Framing framing) {
		this.framing = framing;
		return this;
	}

	public ConnectionServingHook getServingHook() {
		return this.servingHook;
	}

	/**
	 * Sets what wraps the serving of each connection, such as an observation.
	 * @param servingHook the hook
	 * @return these settings
	 */
	public WaiterServerSettings setServingHook(ConnectionServingHook servingHook) {
		this.servingHook = servingHook;
		return this;
	}

	public @Nullable WaiterTls getTls() {
		return this.tls;
	}

	public WaiterServerSettings setTls(@Nullable WaiterTls tls) {
		this.tls = tls;
		return this;
	}

	public List<CidrBlock> getAllow() {
		return this.allow;
	}

	public WaiterServerSettings setAllow(List<CidrBlock> allow) {
		this.allow = List.copyOf(allow);
		return this;
	}

	public List<CidrBlock> getDeny() {
		return this.deny;
	}

	public WaiterServerSettings setDeny(List<CidrBlock> deny) {
		this.deny = List.copyOf(deny);
		return this;
	}

	/**
	 * The PROXY protocol settings, or {@code null} when the server takes no header.
	 * @return the settings
	 */
	public @Nullable WaiterProxyProtocol getProxyProtocol() {
		return this.proxyProtocol;
	}

	public WaiterServerSettings setProxyProtocol(@Nullable WaiterProxyProtocol proxyProtocol) {
		this.proxyProtocol = proxyProtocol;
		return this;
	}

	/**
	 * The most live connections from one client address, 0 for no cap.
	 * @return the cap
	 */
	public int getMaxConnectionsPerPeer() {
		return this.maxConnectionsPerPeer;
	}

	public WaiterServerSettings setMaxConnectionsPerPeer(int maxConnectionsPerPeer) {
		this.maxConnectionsPerPeer = maxConnectionsPerPeer;
		return this;
	}

	/**
	 * The most new connections per second from one client address (a token bucket holding
	 * one second's worth), or {@code null} for no limit.
	 * @return the rate
	 */
	public @Nullable Integer getMaxConnectionRatePerPeer() {
		return this.maxConnectionRatePerPeer;
	}

	public WaiterServerSettings setMaxConnectionRatePerPeer(@Nullable Integer maxConnectionRatePerPeer) {
		this.maxConnectionRatePerPeer = maxConnectionRatePerPeer;
		return this;
	}

	@Override
	WaiterServerSettings self() {
		return this;
	}

}

package giambio.bench.echo;

import giambio.api.Giambio;
import giambio.net.MultiLoopServer;
import giambio.net.Net;
import giambio.net.SocketListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One echo server of the comparison, in a JVM of its own (started by {@link EchoCompare}).
 * It binds 127.0.0.1 on a free port, prints {@code PORT <n>} on standard output, and exits when
 * its standard input closes (the load generator closes it) or after {@link #MAX_LIFETIME_MS},
 * whichever comes first.
 *
 * <h2>Kinds</h2>
 * <ul>
 * <li>{@code giambio}: {@code Net.serveTcp}, one task per connection, receive into a reused
 * {@code ByteBuffer} and {@code sendAll} it back; the kernel is chosen by
 * {@code -Dgiambio.kernel} (the continuation kernel also needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}).</li>
 * <li>{@code giambio-loops [N]}: {@link MultiLoopServer} on N loops (default: the available
 * processors), the same handler on every loop; connections spread by {@code SO_REUSEPORT}
 * on Linux ({@code -Dgiambio.spread=ACCEPTING_LOOP} for the accepting loop).</li>
 * <li>{@code vthread}: {@code java.net.ServerSocket}, a virtual thread per connection
 * ({@code Executors.newVirtualThreadPerTaskExecutor()}), blocking reads and writes.</li>
 * <li>{@code netty1}: Netty NIO with one event loop thread for accepting and all connections
 * (one thread, as a giambio loop); {@code netty}: Netty NIO with its default number of event
 * loop threads (twice the cores); {@code netty-epoll} (and {@code netty-epoll1}, one thread): the same on Netty's native epoll
 * transport. The handler is Netty's own echo example: write on read,
 * flush on read complete.</li>
 * </ul>
 */
public final class EchoServerMain {

    /** The server exits by itself after this long, even if nobody closes its input. */
    static final long MAX_LIFETIME_MS = 15 * 60 * 1000;

    /** Bytes read per receive. */
    private static final int CHUNK = 4096;

    private EchoServerMain() {
    }

    /**
     * Runs one echo server until standard input closes.
     *
     * @param args the kind: {@code giambio}, {@code giambio-loops [N]}, {@code vthread},
     *             {@code netty1}, {@code netty}, {@code netty-epoll} or {@code netty-epoll1}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: EchoServerMain giambio|giambio-loops [N]|vthread|netty1|netty|netty-epoll|netty-epoll1");
        }
        Thread watchdog = Thread.ofPlatform().daemon().name("echo-watchdog").start(() -> {
            try {
                Thread.sleep(MAX_LIFETIME_MS);
                System.err.println("echo server: maximum lifetime reached, exiting");
                System.exit(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        switch (args[0]) {
            case "giambio" -> startGiambio(any);
            case "vthread" -> startVirtualThreads(any);
            case "giambio-loops" -> startGiambioLoops(any, args.length > 1 ? Integer.parseInt(args[1])
                    : Runtime.getRuntime().availableProcessors());
            case "netty1" -> startNetty(any, 1, false);
            case "netty" -> startNetty(any, 0, false);
            case "netty-epoll" -> startNetty(any, 0, true);
            case "netty-epoll1" -> startNetty(any, 1, true);
            default -> throw new IllegalArgumentException("unknown server kind '" + args[0] + "'");
        }
        // Run until the load generator closes our standard input.
        while (System.in.read() >= 0) {
            // discard
        }
        watchdog.interrupt();
        System.exit(0);
    }

    private static void announce(int port) {
        System.out.println("PORT " + port);
        System.out.flush();
    }

    private static void startGiambio(InetSocketAddress address) {
        Thread.ofPlatform().daemon().name("giambio-echo").start(() -> {
            try {
                Giambio.run(() -> {
                    SocketListener listener = SocketListener.bind(address);
                    announce(((InetSocketAddress) listener.localAddress()).getPort());
                    Net.serveTcp(listener, stream -> {
                        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                        while (stream.receive(buffer.clear()) > 0) {
                            stream.sendAll(buffer.flip());
                        }
                    });
                });
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(3);
            }
        });
    }

    private static void startGiambioLoops(InetSocketAddress address, int loops) throws IOException {
        MultiLoopServer.Spread spread = MultiLoopServer.Spread.valueOf(System.getProperty("giambio.spread",
                MultiLoopServer.Spread.platformDefault().name()));
        MultiLoopServer server = MultiLoopServer.bind(address, loops, spread);
        System.err.println("echo server: " + server);
        Thread.ofPlatform().daemon().name("giambio-loops-echo").start(() -> {
            try {
                server.serve(stream -> {
                    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                    while (stream.receive(buffer.clear()) > 0) {
                        stream.sendAll(buffer.flip());
                    }
                });
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(3);
            }
        });
        announce(((InetSocketAddress) server.localAddress()).getPort());
    }

    private static void startVirtualThreads(InetSocketAddress address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(address);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Thread.ofPlatform().daemon().name("vthread-accept").start(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    executor.submit(() -> echo(socket));
                }
            } catch (IOException e) {
                e.printStackTrace();
                System.exit(3);
            }
        });
        announce(server.getLocalPort());
    }

    private static Void echo(Socket socket) throws IOException {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[CHUNK];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
        return null;
    }

    private static void startNetty(InetSocketAddress address, int threads, boolean epoll) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        NettyEcho handler = new NettyEcho();
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                })
                .bind(address).sync().channel();
        announce(((InetSocketAddress) channel.localAddress()).getPort());
    }

    /** Netty's echo example handler: write what is read, flush when the read batch ends. */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

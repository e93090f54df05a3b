package giambio.net;

import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The one {@link SocketStream}: a non-blocking, connected {@link SocketChannel} driven
 * through {@link Resource}.
 */
final class SocketStreamImpl extends Resource<SocketChannel> implements SocketStream {

    /** Receive buffers are never larger than this, whatever {@code max} asks for. */
    static final int MAX_RECEIVE_CHUNK = 256 * 1024;

    /** Fixed at construction. */
    private final SocketAddress remote;
    /** True once sendEof() shut the sending side down; never goes back. */
    private boolean outputShut;

    private SocketStreamImpl(SocketChannel channel) throws IOException {
        super(channel, UnixSockets.isUnix(channel) ? UnixSockets.streamName(channel)
                : "TCP stream " + channel.getLocalAddress() + " -> " + channel.getRemoteAddress());
        this.remote = channel.getRemoteAddress();
        if (!UnixSockets.isUnix(channel)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    static SocketStreamImpl wrap(SocketChannel channel) throws IOException {
        requireOpenToWrap(channel);
        if (!channel.isConnected()) {
            throw new IllegalArgumentException("cannot wrap " + channel
                    + ": it is not connected (use Net.openTcpStream to connect)");
        }
        return new SocketStreamImpl(channel);
    }

    /** Wraps a connected channel this module made; closes it if that fails. */
    static SocketStreamImpl adopt(SocketChannel channel) throws IOException {
        return adopt(channel, SocketStreamImpl::new);
    }

    @Override
    public byte[] receive(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("receive(max): max must be at least 1, not " + max);
        }
        // Discussion: no buffer is allocated before data is there (an idle connection waiting
        // in receive(256 KiB) would otherwise hold 256 KiB); the read goes into the loop's
        // scratch buffer and only the bytes read are copied out, in the same step.
        return exclusive(SelectionKey.OP_READ, "receive", () -> {
            ByteBuffer scratch = Scratch.borrow(kernel(), Math.min(max, MAX_RECEIVE_CHUNK));
            int n = channel.read(scratch);
            return n == 0 ? null : n < 0 ? NO_BYTES : Scratch.copyOut(scratch);
        });
    }

    /** What receive returns at end of stream. */
    private static final byte[] NO_BYTES = new byte[0];

    @Override
    public int receive(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("receive(dst): dst has no room left " + dst);
        }
        return receive(dst, "receive");
    }

    private int receive(ByteBuffer dst, String what) throws IOException {
        return exclusive(SelectionKey.OP_READ, what, () -> {
            int n = channel.read(dst);
            return n == 0 ? null : n;
        });
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        sendAll(ByteBuffer.wrap(data));
    }

    @Override
    public void sendAll(ByteBuffer data) throws IOException {
        Objects.requireNonNull(data, "data");
        String what = "sendAll";
        begin(SelectionKey.OP_WRITE, what);
        try {
            checkOutput(what);
            Lowlevel.checkpointIfCancelled();
            boolean waited = false;
            while (data.hasRemaining()) {
                int n = tryOnce(what, () -> channel.write(data));
                if (n == 0) {
                    waitReady(SelectionKey.OP_WRITE, what);
                    checkOutput(what);
                    waited = true;
                }
            }
            if (!waited) {
                Lowlevel.cancelShieldedCheckpoint();
            }
        } finally {
            end(SelectionKey.OP_WRITE);
        }
    }

    private void checkOutput(String what) {
        if (outputShut) {
            throw new ClosedResourceException("cannot " + what + ": the sending side of " + name()
                    + " was shut down by sendEof");
        }
    }

    @Override
    public void sendEof() throws IOException {
        String what = "sendEof";
        begin(SelectionKey.OP_WRITE, what);
        try {
            Lowlevel.checkpointIfCancelled();
            if (!outputShut) {
                tryOnce(what, channel::shutdownOutput);
                outputShut = true;
            }
            Lowlevel.cancelShieldedCheckpoint();
        } finally {
            end(SelectionKey.OP_WRITE);
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public <T> SocketStream setOption(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option");
        checkOpen("setOption");
        UnixSockets.checkOption(channel, name(), "SocketStream.setOption", option);
        if (value == null) {
            throw new IllegalArgumentException("SocketStream.setOption(" + option.name() + ", null): the value must not be null");
        }
        tryOnce("setOption", () -> channel.setOption(option, value));
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        checkOpen("getOption");
        UnixSockets.checkOption(channel, name(), "SocketStream.getOption", option);
        return tryOnce("getOption", () -> channel.getOption(option));
    }
}

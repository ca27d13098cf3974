package org.hearthgate.sim.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with TCP_NODELAY, which Paho 1.2.5 never sets. Without it a hub's small PUBLISH can sit in Nagle's
 * buffer until the broker's delayed ACK (up to 40 ms on Linux) when its previous small frame (a PUBACK for a receipt)
 * is still unacknowledged: a delay of the simulator's own making that would be charged to the system under test.
 */
public final class NoDelaySockets extends SocketFactory {
    public static final NoDelaySockets INSTANCE = new NoDelaySockets();

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}

package org.hearthgate.contract.wire;

/**
 * The last level of a topic: which way a message travels and what it carries. See {@link Topics}.
 */
public enum Channel {
    READING(Direction.UP, "reading"),
    ALARM(Direction.UP, "alarm"),
    EVENT(Direction.UP, "event"),
    HEARTBEAT(Direction.UP, "heartbeat"),
    STATUS(Direction.UP, "status"),
    RECEIPT(Direction.DOWN, "receipt"),
    ACK(Direction.DOWN, "ack"),
    CONFIG(Direction.DOWN, "config"),
    COMMAND(Direction.DOWN, "command");

    public enum Direction {
        UP("up"), DOWN("down");

        private final String level;

        Direction(String level) {
            this.level = level;
        }

        public String level() {
            return level;
        }
    }

    private final Direction direction;
    private final String level;

    Channel(Direction direction, String level) {
        this.direction = direction;
        this.level = level;
    }

    public Direction direction() {
        return direction;
    }

    public String level() {
        return level;
    }

    static Channel of(String direction, String level) {
        for (Channel c : values()) {
            if (c.direction.level.equals(direction) && c.level.equals(level)) {
                return c;
            }
        }
        return null;
    }
}

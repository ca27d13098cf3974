package org.hearthgate.relay.directory;

import java.util.List;

/** One page of a longer list: the items from {@code offset}, and how many there are in all (for "1-50 of 9,812"). */
public record Page<T>(List<T> items, int total) {
    public Page {
        items = List.copyOf(items);
    }
}

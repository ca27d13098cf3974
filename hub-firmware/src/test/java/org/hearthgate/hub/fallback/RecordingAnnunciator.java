package org.hearthgate.hub.fallback;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Annunciator;

/** Keeps what the resident would have heard. */
final class RecordingAnnunciator implements Annunciator {
    final List<Announcement> heard = new CopyOnWriteArrayList<>();

    @Override
    public void announce(Announcement announcement) {
        heard.add(announcement);
    }

    @Override
    public void prompt(String text, boolean cancellable) {
    }

    long count(Announcement a) {
        return heard.stream().filter(a::equals).count();
    }
}

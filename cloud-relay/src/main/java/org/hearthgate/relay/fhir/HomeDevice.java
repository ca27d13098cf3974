package org.hearthgate.relay.fhir;

import org.hearthgate.contract.Require;

/**
 * A device in a resident's home, in the Personal Health Device IG's terms: the hub is the gateway, each cuff, oximeter
 * or scale a sensor whose parent is the gateway.
 *
 * @param id          the FHIR logical id, unique across the service (a hub's own device ids repeat between hubs,
 *                    so the caller qualifies them, e.g. hub and device id joined by a dot)
 * @param residentId  whose home it is in (access to the device follows access to the resident)
 * @param parentId    the gateway's FHIR id for a sensor; null for a gateway
 * @param manufacturer null when not known, likewise model and serial
 */
public record HomeDevice(String id, String residentId, Kind kind, String manufacturer, String model, String serial,
        String parentId) {

    public HomeDevice {
        FhirIds.check(id, "id");
        FhirIds.check(residentId, "residentId");
        Require.present(kind, "kind");
        if (kind == Kind.SENSOR) {
            FhirIds.check(parentId, "parentId");
        } else if (parentId != null) {
            throw new IllegalArgumentException("parentId: a gateway has no parent");
        }
    }

    public enum Kind {
        /** The home hub (PHD: a Personal Health Gateway, MDC_MOC_VMS_MDS_AHD). */
        GATEWAY,
        /** A measuring device behind the hub (PHD: MDC_MOC_VMS_MDS_SIMP). */
        SENSOR
    }
}

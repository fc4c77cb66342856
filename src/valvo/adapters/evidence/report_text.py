"""The evidence report's words, in Finnish and English."""

from __future__ import annotations

from collections.abc import Mapping

T: Mapping[str, Mapping[str, str]] = {
    "fi": {
        "title": "Todistepaketti: sijaintitiedot",
        "kind_track": "Henkilön sijaintihistoria",
        "kind_alarm": "Hälytys",
        "kind_crime_match": "Rikosvertailun osuma",
        "person": "Henkilö",
        "period": "Ajanjakso",
        "alarm": "Hälytys",
        "match": "Osuman kuvaus",
        "built": "Koottu",
        "built_by": "Koonnut",
        "signatory": "Todistuksen allekirjoittaja",
        "key": "Allekirjoitusavaimen sormenjälki (Ed25519)",
        "time_note": "Ajat Suomen aikaa (Europe/Helsinki).",
        "map": "Kartta: reitti, sijaintien 95 %:n tarkkuusympyrät ja alueet",
        "map_note": "Piirretty suoraan koordinaateista ilman taustakarttaa. Numerot viittaavat "
        "sijaintitaulukon riveihin. Punainen: kieltoalue, vihreä: sallittu alue.",
        "no_positions": "Ajanjaksolta ei ole sijainteja.",
        "positions": "Sijainnit",
        "col_no": "Nro",
        "col_time": "Aika",
        "col_lat": "Lev. (WGS84)",
        "col_lon": "Pit. (WGS84)",
        "col_e": "E (3067)",
        "col_n": "N (3067)",
        "col_acc": "Tarkkuus m",
        "col_speed": "Nopeus km/h",
        "events": "Tapahtumat ja hälytysten käsittely",
        "no_alarms": "Ajanjaksolla ei ole hälytyksiä.",
        "col_alarm": "Hälytys",
        "col_severity": "Vakavuus",
        "col_status": "Tila",
        "col_occurred": "Tapahtui",
        "col_actor": "Tekijä",
        "col_action": "Toimenpide",
        "col_note": "Huomautus",
        "history": "Laitteet, asennukset ja laitteiden kytkennät",
        "col_device": "Laite",
        "col_protocol": "Protokolla",
        "col_model": "Malli",
        "col_assigned": "Kytketty",
        "col_unassigned": "Irrotettu",
        "col_installed": "Asennettu",
        "no_installations": "Asennusta ei ole kirjattu.",
        "custody": "Todisteketju",
        "custody_text": "Jokainen laitteen lähettämä kehys tallennetaan muuttumattomana ja "
        "ketjutetaan laitekohtaisesti SHA-256-tiivisteellä: kehyksen tiiviste lasketaan edellisen "
        "kehyksen tiivisteestä ja kehyksen sisällöstä, joten kehyksen muuttaminen, poistaminen tai "
        "järjestyksen vaihtaminen katkaisee ketjun. Paketin ZIP-tiedosto sisältää raakakehykset, "
        "puretut tiedot JSON-muodossa ja luettelon jokaisen tiedoston SHA-256-tiivisteestä. "
        "Luettelo on allekirjoitettu palvelun Ed25519-avaimella. Kuka tahansa voi tarkistaa "
        "paketin ilman Valvon tietokantaa komennolla: valvo evidence verify PAKETTI.zip",
        "col_frames": "Kehyksiä",
        "col_first": "Ensimmäinen kehys",
        "col_last": "Viimeinen kehys",
        "col_check": "Koko ketjun tarkistus koottaessa",
        "col_frame": "Kehys",
        "device_events": "Laitteiden ilmoittamat tapahtumat",
        "col_event": "Tapahtuma",
        "col_detail": "Tiedot",
        "col_received": "Vastaanotettu",
        "col_raw": "Raakatavujen SHA-256",
        "col_hash": "Ketjun tiiviste",
        "intact": "eheä",
        "broken": "RIKKI",
        "no_frames": "Ajanjaksolta ei ole raakakehyksiä.",
        "statement": "Todistajanlausunto",
        "statement_text": "Vakuutan, että tämän paketin tiedot on koottu "
        "Valvo-valvontajärjestelmästä sellaisina kuin järjestelmä ne vastaanotti ja tallensi, "
        "ja että paketin eheys on "
        "tarkistettavissa edellä kuvatulla tavalla. Olen koonnut tai tarkastanut paketin "
        "virkatehtävissäni.",
        "sign_name": "Nimi",
        "sign_title": "Asema ja yksikkö",
        "sign_place": "Paikka ja aika",
        "sign_signature": "Allekirjoitus",
        "missing": "ei tietoa",
    },
    "en": {
        "title": "Evidence package: location data",
        "kind_track": "A person's location history",
        "kind_alarm": "Alarm",
        "kind_crime_match": "Crime-match result",
        "person": "Person",
        "period": "Period",
        "alarm": "Alarm",
        "match": "Match description",
        "built": "Built",
        "built_by": "Built by",
        "signatory": "Signatory of the statement",
        "key": "Signing key fingerprint (Ed25519)",
        "time_note": "Times in Finnish time (Europe/Helsinki).",
        "map": "Map: track, the fixes' 95 % accuracy circles and zones",
        "map_note": "Drawn from the coordinates alone, with no background map. Numbers refer to "
        "the rows of the position table. Red: exclusion zone, green: inclusion zone.",
        "no_positions": "There are no positions in the period.",
        "positions": "Positions",
        "col_no": "No.",
        "col_time": "Time",
        "col_lat": "Lat (WGS84)",
        "col_lon": "Lon (WGS84)",
        "col_e": "E (3067)",
        "col_n": "N (3067)",
        "col_acc": "Accuracy m",
        "col_speed": "Speed km/h",
        "events": "Events and alarm handling",
        "no_alarms": "There are no alarms in the period.",
        "col_alarm": "Alarm",
        "col_severity": "Severity",
        "col_status": "Status",
        "col_occurred": "Occurred",
        "col_actor": "By",
        "col_action": "Action",
        "col_note": "Note",
        "history": "Devices, installations and assignments",
        "col_device": "Device",
        "col_protocol": "Protocol",
        "col_model": "Model",
        "col_assigned": "Assigned",
        "col_unassigned": "Unassigned",
        "col_installed": "Installed",
        "no_installations": "No installation is recorded.",
        "custody": "Chain of custody",
        "custody_text": "Every frame a device sends is stored unchanged and chained per device by "
        "SHA-256: a frame's hash is computed from the previous frame's hash and the frame's "
        "content, so changing, removing or reordering a frame breaks the chain. The package's ZIP "
        "file holds the raw frames, the decoded records as JSON and a manifest of every file's "
        "SHA-256, signed with the service's Ed25519 key. Anyone can check the package without "
        "Valvo's database with: valvo evidence verify PACKAGE.zip",
        "col_frames": "Frames",
        "col_first": "First frame",
        "col_last": "Last frame",
        "col_check": "Whole chain checked when built",
        "col_frame": "Frame",
        "device_events": "Events the devices reported",
        "col_event": "Event",
        "col_detail": "Details",
        "col_received": "Received",
        "col_raw": "SHA-256 of the raw bytes",
        "col_hash": "Chain hash",
        "intact": "intact",
        "broken": "BROKEN",
        "no_frames": "There are no raw frames in the period.",
        "statement": "Witness statement",
        "statement_text": "I declare that the data in this package were compiled from the Valvo "
        "monitoring system as the system received and stored them, and that the package's "
        "integrity can be checked as described above. I compiled or examined the package in the "
        "course of my official duties.",
        "sign_name": "Name",
        "sign_title": "Position and unit",
        "sign_place": "Place and date",
        "sign_signature": "Signature",
        "missing": "not recorded",
    },
}

# Observation kinds shown as device events (positions, heartbeats and logins are not).
EVENT_KINDS: Mapping[str, Mapping[str, str]] = {
    "fi": {
        "status": "Tilailmoitus",
        "alarm": "Laitteen hälytys",
        "presence": "Läsnäolo kotiyksikön alueella",
        "device_event": "Laitetapahtuma",
        "alcohol_test": "Alkoholitesti",
    },
    "en": {
        "status": "Status report",
        "alarm": "Device alarm",
        "presence": "Presence at the home unit",
        "device_event": "Device event",
        "alcohol_test": "Alcohol test",
    },
}

from valvo.domain.telemetry.observation import Observation, ObservationKind

__all__ = ["Observation", "ObservationKind"]

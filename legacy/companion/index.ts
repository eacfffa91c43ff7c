// The phone side of the legacy package: the same companion as the current package (../../companion).
import "../../companion/index";

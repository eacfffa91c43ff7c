// The settings page of the legacy package: the same page as the current package (../../settings).
import "../../settings/index";

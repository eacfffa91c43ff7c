console.log("Steady Hold watch");

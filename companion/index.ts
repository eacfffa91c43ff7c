console.log("Steady Hold companion");

console.log("deployed");

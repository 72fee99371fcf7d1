#include "textflag.h"

// func cputicks() int64
TEXT ·cputicks(SB),NOSPLIT,$0-8
	WORD	$0xd53be040 // MRS CNTVCT_EL0, R0
	MOVD	R0, ret+0(FP)
	RET
